namespace LoadGen.Report;

/// <summary>
/// A scenario whose script writes its own markdown section, with its targets, into <c>DIRECTORY/section.md</c> of
/// the run (loadtests/syslog.sh into <c>syslog/</c>, loadtests/dashboard.sh into <c>dashboard/</c>, both run by
/// run.sh): the report takes it as written.
/// </summary>
internal static class ScriptSection
{
    public static void Write(ReportContext context, string directory)
    {
        string path = context.PathOf(directory, "section.md");
        if (!File.Exists(path))
        {
            return;
        }

        context.Output.Append(File.ReadAllText(path).TrimEnd()).Append("\n\n");
    }
}
