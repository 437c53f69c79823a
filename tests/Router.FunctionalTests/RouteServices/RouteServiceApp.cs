using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Router.Testing;
using Microsoft.Extensions.Logging;

namespace Router.FunctionalTests.RouteServices;

/// <summary>
/// A route service as a Cloud Foundry operator would write one: a Kestrel app (over TLS with a certificate made at
/// test time, or plain when hairpinned through a route) that checks the router's signature with
/// <see cref="SignatureFormat"/>, then sends the request on to <c>X-CF-Forwarded-Url</c> through the router with
/// the three route-service headers, and answers with what came back.
/// </summary>
internal sealed class RouteServiceApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RouteServiceApp(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Headers of every request the route service received.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> ReceivedHeaders { get; } = new();

    /// <summary>Subject of the client certificate of each request's connection, empty when there was none.</summary>
    public ConcurrentQueue<string> ClientCertificates { get; } = new();

    /// <summary>Request-targets the route service received.</summary>
    public ConcurrentQueue<string> ReceivedTargets { get; } = new();

    /// <summary>What the route service's own check of each signature found.</summary>
    public ConcurrentQueue<(string ForwardedUrl, DateTimeOffset RequestedTime, int NonceLength)> Signatures { get; } = new();

    /// <param name="secret">The secret shared with the router.</param>
    /// <param name="routerPort">The router's proxy port, where forwarded requests go.</param>
    /// <param name="certificate">Server certificate; null serves plain HTTP.</param>
    /// <param name="clientCa">When set, a client certificate chaining to this CA is required.</param>
    /// <param name="extraResponseHeaders">Headers <c>X-Extra-0</c>, <c>X-Extra-1</c>, ... added to every answer.</param>
    public static async Task<RouteServiceApp> StartAsync(
        string secret, int routerPort, X509Certificate2? certificate, X509Certificate2? clientCa = null, int extraResponseHeaders = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http1;
            if (certificate is not null)
            {
                l.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateMode = clientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (client, _, _) => clientCa is not null && BackendTestCertificates.ChainsTo(client, clientCa),
                });
            }
        }));
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
        RouteServiceApp? self = null;
        app.Run(async context =>
        {
            var headers = context.Request.Headers;
            self!.ClientCertificates.Enqueue(context.Connection.ClientCertificate?.Subject ?? "");
            self.ReceivedHeaders.Enqueue(headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            self.ReceivedTargets.Enqueue(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget);
            var forwardedUrl = new Uri(headers["X-CF-Forwarded-Url"].ToString());
            self.Signatures.Enqueue(SignatureFormat.Decode(secret, headers["X-CF-Proxy-Signature"].ToString(), headers["X-CF-Proxy-Metadata"].ToString()));

            using var onward = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://127.0.0.1:{routerPort}{forwardedUrl.PathAndQuery}");
            onward.Headers.Host = forwardedUrl.Authority;
            foreach (var name in new[] { "X-CF-Forwarded-Url", "X-CF-Proxy-Signature", "X-CF-Proxy-Metadata" })
            {
                onward.Headers.TryAddWithoutValidation(name, headers[name].ToString());
            }

            using var answer = await client.SendAsync(onward, context.RequestAborted);
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.Headers["X-Route-Service"] = "passed";
            for (var i = 0; i < extraResponseHeaders; i++)
            {
                context.Response.Headers[$"X-Extra-{i}"] = "a";
            }

            await context.Response.WriteAsync(await answer.Content.ReadAsStringAsync(context.RequestAborted), context.RequestAborted);
        });
        await app.StartAsync();
        self = new RouteServiceApp(app, new Uri(app.Urls.First()).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
