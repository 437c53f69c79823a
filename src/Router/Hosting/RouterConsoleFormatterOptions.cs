namespace Router.Hosting;

/// <summary>Options of <see cref="RouterConsoleFormatter"/>, taken from <c>logging.*</c>.</summary>
internal sealed class RouterConsoleFormatterOptions
{
    /// <summary>Write one JSON object per line instead of plain text (<c>logging.json</c>). Default false.</summary>
    public bool Json { get; init; }

    /// <summary>
    /// Timestamps as RFC 3339 text with seven fractional digits (true) or Unix epoch seconds with millisecond
    /// precision (false), as <c>logging.format.timestamp</c> says. Default true.
    /// </summary>
    public bool Rfc3339 { get; init; } = true;
}
