using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using RouteMessages;

namespace Router.Testing;

/// <summary>
/// A real Kestrel backend serving HTTPS with an instance identity certificate, standing in for a Cloud Foundry
/// app instance behind its sidecar: optionally it requires a client certificate issued by a given CA. It answers
/// 200 with its name and the subject of the client certificate it was shown, names the TLS connection in
/// an <c>X-Connection-Id</c> header and the request's HTTP version in <c>X-Protocol</c>. Offering HTTP/2, it resets
/// the stream of a request for <see cref="ResetStreamPath"/> with <c>INTERNAL_ERROR</c> instead of answering.
/// </summary>
public sealed class TlsSidecarBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requestCount;

    private TlsSidecarBackend(WebApplication app, string instanceId, int port)
    {
        _app = app;
        InstanceId = instanceId;
        Port = port;
    }

    /// <summary>The instance id registered as <c>server_cert_domain_san</c>.</summary>
    public string InstanceId { get; }

    /// <summary>The path whose HTTP/2 requests are answered with RST_STREAM.</summary>
    public const string ResetStreamPath = "/reset-stream";

    public int Port { get; }

    /// <summary>Requests this backend has answered.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>
    /// Starts a sidecar presenting <paramref name="certificate"/>. With <paramref name="clientCa"/> it requires a
    /// client certificate chaining to that CA; <paramref name="protocols"/> limits the TLS versions it speaks and
    /// <paramref name="httpProtocols"/> the HTTP versions it offers by ALPN.
    /// </summary>
    public static async Task<TlsSidecarBackend> StartAsync(
        string instanceId,
        X509Certificate2 certificate,
        X509Certificate2? clientCa = null,
        SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        HttpProtocols httpProtocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = httpProtocols;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                SslProtocols = protocols,
                ClientCertificateMode = clientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (client, _, _) => clientCa is not null && BackendTestCertificates.ChainsTo(client, clientCa),
            });
        }));
        var app = builder.Build();
        TlsSidecarBackend? backend = null;
        app.Run(async context =>
        {
            Interlocked.Increment(ref backend!._requestCount);
            if (context.Request.Path == ResetStreamPath && context.Features.Get<IHttpResetFeature>() is { } reset)
            {
                reset.Reset(0x2);
                return;
            }

            var client = context.Connection.ClientCertificate;
            context.Response.ContentType = "text/plain";
            context.Response.Headers["X-Connection-Id"] = context.Connection.Id;
            context.Response.Headers["X-Protocol"] = context.Request.Protocol;
            await context.Response.WriteAsync(client is null ? instanceId : $"{instanceId} client={client.Subject}");
        });
        await app.StartAsync();
        backend = new TlsSidecarBackend(app, instanceId, new Uri(app.Urls.First()).Port);
        return backend;
    }

    /// <summary>A registration of this instance under <paramref name="uris"/> with <c>tls_port</c> and <c>server_cert_domain_san</c>.</summary>
    public RegistrationMessage Registration(params string[] uris) => TlsRegistration(Port, InstanceId, uris);

    /// <summary>A TLS registration of any port on 127.0.0.1, e.g. a plain server or one that never answers.</summary>
    public static RegistrationMessage TlsRegistration(int port, string instanceId, params string[] uris) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        TlsPort = port,
        ServerCertDomainSan = instanceId,
        Uris = [.. uris],
        App = "5c1e6f3a-0000-4000-8000-00000000a1a1",
        PrivateInstanceId = instanceId,
        PrivateInstanceIndex = "0",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
