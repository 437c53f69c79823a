using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using RouteRegistry;
using RouteMessages;

namespace Router.Testing;

/// <summary>
/// A real Kestrel backend on 127.0.0.1 and a free port. By default it answers 200 with its name as the body
/// and records the headers of every request it saw.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requestCount;

    private TestBackend(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>Requests this backend has received.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Headers of each received request, in arrival order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> ReceivedHeaders { get; } = new();

    /// <summary>Request targets (path and query, as received) in arrival order.</summary>
    public ConcurrentQueue<string> ReceivedTargets { get; } = new();

    /// <summary>Starts a backend; <paramref name="handler"/> replaces the default answer.</summary>
    public static async Task<TestBackend> StartAsync(string name, RequestDelegate? handler = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
            k.Limits.MaxRequestBodySize = null;

            // Whatever the router lets through reaches the backend: hostile-input tests send more than Kestrel's default 100 headers.
            k.Limits.MaxRequestHeaderCount = 1000;
        });
        var app = builder.Build();
        TestBackend? backend = null;
        app.Run(async context =>
        {
            Interlocked.Increment(ref backend!._requestCount);
            backend.ReceivedHeaders.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            backend.ReceivedTargets.Enqueue(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget);
            if (handler is not null)
            {
                await handler(context);
                return;
            }

            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(name);
        });
        await app.StartAsync();
        var address = app.Urls.First();
        var port = new Uri(address).Port;
        backend = new TestBackend(app, name, port);
        return backend;
    }

    /// <summary>A registration message for this backend under <paramref name="uris"/>.</summary>
    public RegistrationMessage Registration(params string[] uris) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Uris = [.. uris],
        App = AppGuid,
        PrivateInstanceId = $"{Name}-instance",
        PrivateInstanceIndex = InstanceIndex,
    };

    /// <summary>Application GUID used in <see cref="Registration"/>; settable per test.</summary>
    public string AppGuid { get; set; } = "5c1e6f3a-0000-4000-8000-000000000001";

    /// <summary>Instance index used in <see cref="Registration"/>.</summary>
    public string InstanceIndex { get; set; } = "0";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
