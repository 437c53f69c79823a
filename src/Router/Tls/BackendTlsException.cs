namespace Router.Tls;

/// <summary>
/// A failed handshake with a backend, thrown from the backend connection callback so that the failure class
/// survives the HTTP client's wrapping and reaches the proxy's failure classification unchanged.
/// </summary>
internal sealed class BackendTlsException : IOException
{
    public BackendTlsException(BackendTlsFailureKind kind, string goError, Exception? inner = null)
        : base(goError, inner)
    {
        Kind = kind;
        GoError = goError;
    }

    /// <summary>The failure class.</summary>
    public BackendTlsFailureKind Kind { get; }

    /// <summary>The failure worded as Gorouter's Go error text, for <c>X-Cf-Routererror</c> and the logs.</summary>
    public string GoError { get; }
}
