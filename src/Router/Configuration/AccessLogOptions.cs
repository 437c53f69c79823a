namespace Router.Configuration;

/// <summary>Where access-log lines go (<c>access_log.*</c>, docs/gorouter-compatibility.md §8.4).</summary>
public sealed record AccessLogOptions
{
    /// <summary>File the access log is appended to (<c>access_log.file</c>). Default empty = no file.</summary>
    public string File { get; init; } = "";

    /// <summary>Also write access-log lines to standard output (<c>access_log.stdout</c>, a key of this router). Default false.</summary>
    public bool Stdout { get; init; }
}
