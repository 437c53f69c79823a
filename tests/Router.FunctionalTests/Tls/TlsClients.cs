using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Router.Testing;

namespace Router.FunctionalTests.Tls;

/// <summary>Real TLS clients for the router's HTTPS listener: HttpClient (HTTP/1.1 or HTTP/2) and a bare SslStream.</summary>
internal static class TlsClients
{
    /// <summary>
    /// An HttpClient to <c>https://127.0.0.1:port</c> trusting <paramref name="ca"/>, presenting <paramref name="clientCertificate"/>.
    /// It sends the request's Host as the SNI name and checks the certificate for it.
    /// </summary>
    public static HttpClient Http(int port, TestCertificateAuthority ca, X509Certificate2? clientCertificate = null, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ca.TrustOnlyThis(),
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>A GET for <paramref name="host"/> with an optional spoofed <c>X-Forwarded-Client-Cert</c>.</summary>
    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string host, string? forwardedClientCert = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/") { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
        request.Headers.Host = host;
        if (forwardedClientCert is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Client-Cert", forwardedClientCert);
        }

        return client.SendAsync(request);
    }

    /// <summary>
    /// Completes a TLS handshake with SNI <paramref name="serverName"/> (null: none) and returns the server's
    /// certificate; throws <see cref="AuthenticationException"/> or <see cref="IOException"/> when refused.
    /// </summary>
    public static async Task<X509Certificate2> HandshakeAsync(
        int port,
        TestCertificateAuthority ca,
        string? serverName,
        SslProtocols protocols = SslProtocols.None,
        X509Certificate2? clientCertificate = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName ?? "",
            EnabledSslProtocols = protocols,
            // Unknown names get the first certificate, whose name differs: the chain is what is checked here.
            RemoteCertificateValidationCallback = ca.TrustOnlyThis(checkName: false),
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        });

        // With TLS 1.3 the server checks a client certificate after the client's handshake ends: a refusal
        // arrives as an alert on the first read.
        await tls.WriteAsync("GET / HTTP/1.1\r\nHost: probe.test\r\nConnection: close\r\n\r\n"u8.ToArray());
        var buffer = new byte[1];
        if (await tls.ReadAsync(buffer) == 0)
        {
            throw new IOException("the router closed the connection");
        }

        return new X509Certificate2(tls.RemoteCertificate!);
    }
}
