using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Router.GrpcTesting;

/// <summary>
/// A real gRPC backend: <see cref="EchoService"/> in Kestrel on 127.0.0.1 and a free port, over TLS with the given
/// certificate (ALPN h2 and http/1.1, or only the protocols asked for) or in plain text. Messages have no size limit.
/// </summary>
public sealed class GrpcEchoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcEchoBackend(WebApplication app, int port, EchoCalls calls)
    {
        _app = app;
        Port = port;
        Calls = calls;
    }

    public int Port { get; }

    /// <summary>The calls that waited for cancellation.</summary>
    public EchoCalls Calls { get; }

    /// <summary>
    /// Starts the backend. With <paramref name="certificate"/> it serves TLS; <paramref name="protocols"/> are the
    /// HTTP versions Kestrel offers (by ALPN over TLS; a plain-text HTTP/2-only listener speaks h2c with prior knowledge).
    /// </summary>
    public static async Task<GrpcEchoBackend> StartAsync(X509Certificate2? certificate, HttpProtocols protocols = HttpProtocols.Http1AndHttp2, int port = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = protocols;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var calls = new EchoCalls();
        builder.Services.AddSingleton(calls);
        builder.Services.AddRouting();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<EchoService>();
        await app.StartAsync();
        return new GrpcEchoBackend(app, new Uri(app.Urls.First()).Port, calls);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
