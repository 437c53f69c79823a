namespace LoadGen.Report;

/// <summary>
/// A section a standalone script writes itself in markdown, with its targets (loadtests/syslog.sh into
/// <c>syslog/</c>, loadtests/tracing.sh into <c>tracing/</c>, run by run.sh): the report takes it as written.
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
