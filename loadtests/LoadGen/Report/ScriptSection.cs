namespace LoadGen.Report;

/// <summary>
/// A standalone scenario that writes its own section in markdown, with its targets, into <c>section.md</c> of its
/// directory of the run (loadtests/syslog.sh into <c>syslog/</c>, loadtests/tracing.sh into <c>tracing/</c>,
/// loadtests/reload.sh into <c>reload/</c>, loadtests/restart.sh into <c>restart/</c>,
/// loadtests/dashboard.sh into <c>dashboard/</c>); the report takes it as written,
/// or leaves it out when the scenario did not run.
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
