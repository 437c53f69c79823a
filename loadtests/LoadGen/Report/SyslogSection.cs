namespace LoadGen.Report;

/// <summary>
/// Syslog streaming cost (loadtests/syslog.sh run by run.sh into <c>syslog/</c>): the script writes its section in
/// markdown, with its targets, and the report takes it as written.
/// </summary>
internal static class SyslogSection
{
    public static void Write(ReportContext context) => ScriptSection.Write(context, "syslog");
}
