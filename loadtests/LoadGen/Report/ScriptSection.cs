namespace LoadGen.Report;

/// <summary>
/// A section a standalone scenario script writes itself, in markdown with its targets, as <c>DIR/section.md</c> of the
/// run (syslog.sh, restart.sh); the report takes it as written, or leaves it out when the scenario did not run.
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
