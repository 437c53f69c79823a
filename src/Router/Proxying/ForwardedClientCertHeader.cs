using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Router.Configuration;
using Router.Tls;

namespace Router.Proxying;

/// <summary>
/// Applies <c>forwarded_client_cert</c> to the request sent to a backend, as Gorouter's
/// <c>handlers/clientcert.go</c> does: <c>always_forward</c> leaves the client's header alone; <c>forward</c>
/// removes it unless the client connection is TLS with a peer certificate; <c>sanitize_set</c> removes it and,
/// on a TLS connection with a peer certificate, sets it to the base64 DER of the client's leaf certificate.
/// </summary>
internal static class ForwardedClientCertHeader
{
    /// <summary>
    /// Rewrites <paramref name="headers"/> (already copied from the client's request) for <paramref name="mode"/>.
    /// The certificate comes from <see cref="ClientCertificateValueFeature"/>, present only on TLS connections with one.
    /// </summary>
    public static void Apply(ForwardedClientCertMode mode, HttpContext context, HttpRequestHeaders headers)
    {
        if (mode == ForwardedClientCertMode.AlwaysForward)
        {
            return;
        }

        var certificate = context.Features.Get<ClientCertificateValueFeature>()?.Value;
        if (mode == ForwardedClientCertMode.Forward)
        {
            if (certificate is null)
            {
                headers.Remove(RouterHeaders.ForwardedClientCert);
            }

            return;
        }

        headers.Remove(RouterHeaders.ForwardedClientCert);
        if (certificate is not null)
        {
            headers.TryAddWithoutValidation(RouterHeaders.ForwardedClientCert, certificate);
        }
    }
}
