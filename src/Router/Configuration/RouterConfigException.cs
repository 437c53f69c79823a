namespace Router.Configuration;

/// <summary>
/// The configuration cannot be used. <see cref="Errors"/> lists every problem found, each naming its
/// key and the bad value; the router prints them and exits non-zero before opening any listener.
/// </summary>
public sealed class RouterConfigException : Exception
{
    public RouterConfigException()
        : base("The router configuration is invalid.") => Errors = [];

    public RouterConfigException(string message)
        : base(message) => Errors = [message];

    public RouterConfigException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    /// <summary>Creates the exception for the configuration source <paramref name="sourceName"/>.</summary>
    public RouterConfigException(string sourceName, IReadOnlyList<string> errors)
        : base(FormatMessage(sourceName, errors)) => Errors = errors;

    /// <summary>Every problem found, e.g. <c>backends.max_conns: must be &gt;= 0, got -1 (at router.yaml:12:14)</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(string sourceName, IReadOnlyList<string> errors) =>
        errors.Count switch
        {
            0 => $"Error loading config {sourceName}",
            1 => $"Error loading config {sourceName}: {errors[0]}",
            _ => $"Error loading config {sourceName}: {errors.Count} errors:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors),
        };
}
