namespace Router.Configuration;

/// <summary>Where access-log lines go (<c>access_log.*</c>, docs/gorouter-compatibility.md §8.4).</summary>
public sealed record AccessLogOptions
{
    /// <summary>File the access log is appended to (<c>access_log.file</c>). Default empty = no file.</summary>
    public string File { get; init; } = "";

    /// <summary>
    /// Gorouter streams access-log lines to syslog when true (<c>access_log.enable_streaming</c>).
    /// Default false.
    /// </summary>
    public bool EnableStreaming { get; init; }

    /// <summary>Also write access-log lines to standard output (<c>access_log.stdout</c>, a key of this router). Default false.</summary>
    public bool Stdout { get; init; }
}
