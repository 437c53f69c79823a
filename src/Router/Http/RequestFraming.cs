using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Router.Http;

/// <summary>What the framing check found: the request may go on, or how it is refused.</summary>
internal enum FramingVerdict
{
    Valid,

    /// <summary>Framing that cannot be trusted: 400 and the connection closed (RFC 9112 §6.1, docs/gorouter-compatibility.md §6.3).</summary>
    BadRequest,

    /// <summary>A transfer coding other than a single <c>chunked</c>: 501, as Go's server answers it.</summary>
    UnsupportedTransferEncoding,
}

/// <summary>
/// The request framing checks Kestrel leaves to the application, made on the header values Kestrel has already
/// parsed, without allocating. Kestrel itself refuses a <c>Content-Length</c> that is not a number, a repeated
/// <c>Content-Length</c>, and a <c>Transfer-Encoding</c> whose last coding is not <c>chunked</c>; a sign in front of
/// the number is refused through <see cref="ContentLengthEncoding"/>. What remains is refused here:
/// <list type="bullet">
/// <item>DEL in the request-target (Kestrel refuses the other control bytes itself);</item>
/// <item><c>Transfer-Encoding</c> in an HTTP/1.0 request (RFC 9112 §6.1: the framing is faulty);</item>
/// <item>any <c>Transfer-Encoding</c> other than one field holding exactly <c>chunked</c> (Go's
/// <c>net/http/transfer.go</c> answers 501 to the same).</item>
/// </list>
/// </summary>
internal static class RequestFraming
{
    private const string Chunked = "chunked";

    /// <param name="request">The request as Kestrel parsed it.</param>
    /// <param name="rawTarget">The request-target as received; Kestrel lets DEL through, Go's server refuses it.</param>
    public static FramingVerdict Check(HttpRequest request, string rawTarget)
    {
        if (rawTarget.Contains('\x7f', StringComparison.Ordinal))
        {
            return FramingVerdict.BadRequest;
        }

        var headers = request.Headers;
        var transferEncoding = headers.TransferEncoding;
        if (transferEncoding.Count == 0)
        {
            return FramingVerdict.Valid;
        }

        // Kestrel has dropped a Content-Length sent with chunked and closes the connection after the response, as
        // RFC 9112 §6.1 asks; an HTTP/1.0 request with Transfer-Encoding is refused outright.
        if (!HttpProtocol.IsHttp11(request.Protocol))
        {
            return FramingVerdict.BadRequest;
        }

        return IsSingleChunked(transferEncoding) ? FramingVerdict.Valid : FramingVerdict.UnsupportedTransferEncoding;
    }

    private static bool IsSingleChunked(StringValues values) =>
        values.Count == 1 && string.Equals(values[0], Chunked, StringComparison.OrdinalIgnoreCase);
}
