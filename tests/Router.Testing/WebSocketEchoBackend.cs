using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using RouteMessages;

namespace Router.Testing;

/// <summary>
/// A real WebSocket server: Kestrel with ASP.NET Core's WebSocket middleware on 127.0.0.1 and a free port. It echoes
/// every message. A text message <c>pause:&lt;milliseconds&gt;</c> makes it stay silent that long before echoing, so
/// a test can hold a WebSocket quiet for a known time without sleeping itself. Plain requests get 200 and its name.
/// </summary>
public sealed class WebSocketEchoBackend : IAsyncDisposable
{
    /// <summary>The prefix of a message the backend answers only after the given number of milliseconds.</summary>
    public const string PausePrefix = "pause:";

    private readonly WebApplication _app;
    private int _accepted;
    private int _open;

    private WebSocketEchoBackend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public int Port { get; private set; }

    /// <summary>WebSockets this backend has accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>WebSockets accepted and not yet ended on the backend's side.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The backend's own address, for a client that bypasses the router.</summary>
    public Uri DirectUri => new($"ws://127.0.0.1:{Port}/");

    public static async Task<WebSocketEchoBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var backend = new WebSocketEchoBackend(app, name);
        app.UseWebSockets();
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        backend.Port = new Uri(app.Urls.First()).Port;
        return backend;
    }

    /// <summary>A registration message for this backend under <paramref name="uris"/>.</summary>
    public RegistrationMessage Registration(params string[] uris) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Uris = [.. uris],
        PrivateInstanceId = $"{Name}-instance",
        PrivateInstanceIndex = "0",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = context.Request.Headers.Upgrade.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
            await context.Response.WriteAsync(Name);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _open);
        try
        {
            await EchoAsync(socket, context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The other side went away without a close handshake: the connection ends here.
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private static async Task EchoAsync(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[128 * 1024];
        while (true)
        {
            var received = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (received == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(received), aborted);
                received += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted);
                return;
            }

            if (result.MessageType == WebSocketMessageType.Text && received > PausePrefix.Length &&
                Encoding.UTF8.GetString(buffer, 0, PausePrefix.Length) == PausePrefix)
            {
                var milliseconds = int.Parse(Encoding.UTF8.GetString(buffer, PausePrefix.Length, received - PausePrefix.Length), System.Globalization.CultureInfo.InvariantCulture);
                await Task.Delay(milliseconds, aborted);
            }

            await socket.SendAsync(buffer.AsMemory(0, received), result.MessageType, endOfMessage: true, aborted);
        }
    }
}
