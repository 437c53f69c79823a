namespace LoadGen.Report;

/// <summary>
/// Syslog streaming cost (loadtests/syslog.sh run by run.sh into <c>syslog/</c>): the script writes its section in
/// markdown, with its targets, and the report takes it as written.
/// </summary>
internal static class SyslogSection
{
    private const string Directory = "syslog";

    public static void Write(ReportContext context)
    {
        string path = context.PathOf(Directory, "section.md");
        if (!File.Exists(path))
        {
            return;
        }

        context.Output.Append(File.ReadAllText(path).TrimEnd()).Append("\n\n");
    }
}
