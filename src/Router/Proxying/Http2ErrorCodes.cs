namespace Router.Proxying;

/// <summary>
/// HTTP/2 error codes (RFC 9113 §7) by the names Go's <c>golang.org/x/net/http2</c> prints, for the
/// <c>endpoint_failure (...)</c> detail when an HTTP/2 backend resets a stream or breaks the connection.
/// </summary>
internal static class Http2ErrorCodes
{
    private static readonly string[] Names =
    [
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
        "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    ];

    /// <summary>The detail for an HTTP/2 error <paramref name="code"/>, e.g. <c>http2 error: INTERNAL_ERROR</c>.</summary>
    public static string Describe(long code) =>
        code >= 0 && code < Names.Length
            ? "http2 error: " + Names[code]
            : "http2 error: unknown error code 0x" + code.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}
