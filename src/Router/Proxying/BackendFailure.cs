using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Router.Tls;
using Yarp.ReverseProxy.Forwarder;

namespace Router.Proxying;

/// <summary>What one failed backend attempt means for retrying, marking and the client's answer (docs/gorouter-compatibility.md §5.2).</summary>
/// <param name="Error">The answer if this is the last attempt.</param>
/// <param name="Detail">Text inside <c>endpoint_failure (...)</c>, worded like Gorouter's Go errors where one exists.</param>
/// <param name="Retriable">The backend cannot have seen the request, so another endpoint may be tried.</param>
/// <param name="MarkFailed">Round-robin should skip the endpoint for a while.</param>
/// <param name="PruneTls">A TLS endpoint should be removed from the route at once.</param>
internal readonly record struct BackendFailure(ProxyError Error, string Detail, bool Retriable, bool MarkFailed, bool PruneTls)
{
    /// <summary>An answer with more header lines than <c>max_response_headers</c>, worded as Gorouter's error.</summary>
    public static readonly BackendFailure TooManyResponseHeaders = new(ProxyError.BackendFailure, "Too many response headers", false, false, false);

    /// <summary>
    /// Classifies the outcome of <c>IHttpForwarder.SendAsync</c>; <paramref name="responseHeaderLimit"/> is the bytes of
    /// response headers the client reads (<see cref="Http.OutgoingHandler"/>), named when a response exceeds it.
    /// </summary>
    public static BackendFailure Classify(
        ForwarderError error, Exception? exception, HttpContext context, string address, bool timedOut, int responseHeaderLimit)
    {
        if (error == ForwarderError.RequestBodyClient && Find<BadHttpRequestException>(exception) is not null)
        {
            // The client's body broke its own framing (a malformed chunk): the client's fault, answered 400.
            return new(ProxyError.MalformedRequest, "malformed request body", false, false, false);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return new(ProxyError.ClientCancelled, "context canceled", false, false, false);
        }

        if (timedOut)
        {
            return new(ProxyError.BackendTimeout, "context deadline exceeded", false, false, false);
        }

        switch (error)
        {
            case ForwarderError.Request:
                return ClassifyRequestFailure(exception, context, address, responseHeaderLimit);
            case ForwarderError.RequestTimedOut:
                return new(ProxyError.BackendTimeout, "context deadline exceeded", false, false, false);
            case ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient:
                return new(ProxyError.ClientCancelled, "context canceled", false, false, false);
            case ForwarderError.RequestBodyDestination:
                return new(ProxyError.BackendFailure, Describe(exception, "write: broken pipe"), false, true, false);
            case ForwarderError.ResponseHeaders:
                return new(ProxyError.BackendFailure, Describe(exception, "malformed HTTP response"), false, false, false);
            default:
                return new(ProxyError.BackendFailure, Describe(exception, error.ToString()), false, false, false);
        }
    }

    private static BackendFailure ClassifyRequestFailure(Exception? exception, HttpContext context, string address, int responseHeaderLimit)
    {
        if (Find<BackendTlsException>(exception) is { } handshake)
        {
            return FromHandshake(handshake);
        }

        // A TLS 1.3 backend checks the client certificate after the router's side of the handshake is done, so its
        // alert arrives with the response. The request may have been sent: retried only when it had no body.
        if (TlsAlertText.Find(exception) is var (alert, kind))
        {
            var error = kind == BackendTlsFailureKind.ClientCertificateRejected
                ? ProxyError.BackendClientCertificateRequired
                : ProxyError.BackendTlsHandshakeFailed;
            return new(error, alert, HasNoBody(context.Request), true, true);
        }

        var http = Find<HttpRequestException>(exception);
        var socket = Find<SocketException>(exception);
        if (http?.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            // Response headers over max_response_header_bytes; the request was sent. Go's transport error.
            return new(ProxyError.BackendFailure, $"net/http: server response headers exceeded {responseHeaderLimit} bytes; aborted", false, false, false);
        }

        if (http?.HttpRequestError == HttpRequestError.ConnectionError || (http is null && socket is not null))
        {
            var reason = socket?.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connect: connection refused",
                SocketError.TimedOut => "i/o timeout",
                SocketError.HostNotFound or SocketError.NoData => "no such host",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "connect: no route to host",
                _ => Find<TimeoutException>(exception) is not null ? "i/o timeout" : socket?.Message ?? http?.Message ?? "dial failed",
            };
            return new(ProxyError.BackendFailure, $"dial tcp {address}: {reason}", true, true, true);
        }

        if (http?.HttpRequestError == HttpRequestError.ResponseEnded && IsIdempotentWithoutBody(context.Request))
        {
            // EOF on an idempotent request without a body: safe to send elsewhere, but not a reason to mark.
            return new(ProxyError.BackendFailure, "EOF", true, false, false);
        }

        if (socket?.SocketErrorCode == SocketError.ConnectionReset)
        {
            return new(ProxyError.BackendFailure, "read: connection reset by peer", false, true, false);
        }

        return new(ProxyError.BackendFailure, Describe(exception, "EOF"), false, false, false);
    }

    /// <summary>
    /// The answer to a failed backend handshake, as Gorouter's <c>proxy/round_tripper/error_handler.go</c> and
    /// <c>proxy/fails/classifier_group.go</c>: every class is retried, since no request byte was sent; the
    /// classified ones also mark the endpoint and remove it from its route at once.
    /// </summary>
    private static BackendFailure FromHandshake(BackendTlsException handshake) => handshake.Kind switch
    {
        BackendTlsFailureKind.NotTls or BackendTlsFailureKind.HandshakeFailureAlert
            => new(ProxyError.BackendTlsHandshakeFailed, handshake.GoError, true, true, true),
        BackendTlsFailureKind.HostnameMismatch => new(ProxyError.BackendInvalidId, handshake.GoError, true, true, true),
        BackendTlsFailureKind.UntrustedCertificate or BackendTlsFailureKind.ExpiredCertificate
            => new(ProxyError.BackendInvalidTlsCertificate, handshake.GoError, true, true, true),
        BackendTlsFailureKind.ClientCertificateRejected
            => new(ProxyError.BackendClientCertificateRequired, handshake.GoError, true, true, true),
        BackendTlsFailureKind.HandshakeTimeout => new(ProxyError.BackendFailure, handshake.GoError, true, true, true),
        _ => new(ProxyError.BackendFailure, handshake.GoError, true, false, false),
    };

    private static bool HasNoBody(HttpRequest request) =>
        request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0;

    private static bool IsIdempotentWithoutBody(HttpRequest request)
    {
        if (!HasNoBody(request))
        {
            return false;
        }

        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ||
            HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method) ||
            request.Headers.ContainsKey("Idempotency-Key") || request.Headers.ContainsKey("X-Idempotency-Key");
    }

    private static string Describe(Exception? exception, string fallback)
    {
        // An HTTP/2 backend that resets the stream or breaks the connection (a frame over the size it announced, a bad
        // header block): named by its error code rather than by the handler's sentence.
        if (Find<HttpProtocolException>(exception) is { } protocol)
        {
            return Http2ErrorCodes.Describe(protocol.ErrorCode);
        }

        var innermost = exception;
        while (innermost?.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost?.Message ?? fallback;
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
