using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RouteEmitterClient;
using RouteEmitterClient.AspNetCore;

namespace SampleBackend;

/// <summary>
/// A tiny backend for trying the router: answers <c>GET /</c> with a line naming the instance, <c>/health</c>, <c>/headers</c> (the request headers it got), and
/// <c>/slow?ms=N</c>, and registers itself over NATS with <see cref="RouteEmitter"/>.
/// <c>SampleBackend [--name blue] [--route demo.localhost] [--nats nats://127.0.0.1:4222] [--port 0] [--index 0] [--app GUID]</c>.
/// With <c>--tls-cert</c> and <c>--tls-key</c> it serves HTTPS only, as an app instance behind its sidecar does, and
/// registers <c>tls_port</c> with <c>server_cert_domain_san</c> = its instance id (<c>--instance-id</c>); with
/// <c>--client-ca</c> it also requires a client certificate issued by that CA (see <c>SampleTls.cs</c>).
/// </summary>
internal static partial class Program
{
    private const int MaxSlowMilliseconds = 60_000;

    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var settings = SampleSettings.Read(builder.Configuration, out var errors);
        if (settings is null)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("SampleBackend: " + error);
            }

            await Console.Error.WriteLineAsync(
                "usage: SampleBackend [--name NAME] [--route ROUTE] [--nats URL] [--port PORT] [--index N] [--app GUID] [--listen IP] [--advertise HOST]"
                + " [--instance-id ID] [--tls-cert PEM-FILE --tls-key PEM-FILE [--client-ca PEM-FILE]]");
            return 2;
        }

        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });

        // One line per request from ASP.NET Core would drown what the sample and its emitter log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var tls = SampleTls.Load(settings.TlsCert, settings.TlsKey, settings.ClientCa);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(settings.Listen, settings.Port, listen => tls?.Apply(listen)));

        // Registers the route once Kestrel listens (with the port it actually bound) and unregisters on shutdown.
        builder.Services.AddRouteEmitter(options =>
        {
            options.NatsServers = [settings.Nats];
            options.Host = settings.Advertise;
            options.Uris = [settings.Route];
            options.App = settings.App;
            options.PrivateInstanceId = settings.InstanceId;
            options.PrivateInstanceIndex = settings.Index;

            // Only the HTTPS port is bound, so the emitter registers it as tls_port; the router checks the certificate for this name.
            options.ServerCertDomainSan = tls is null ? "" : settings.InstanceId;
        });

        await using var app = builder.Build();
        var name = settings.Name;
        app.MapGet("/", (HttpContext context) =>
            $"Hello from {name} ({context.Connection.LocalIpAddress}:{context.Connection.LocalPort})\n");
        app.MapGet("/health", () => "ok\n");

        // What the router told the app about the client: X-Forwarded-Client-Cert, X-Forwarded-Proto and the rest.
        app.MapGet("/headers", (HttpContext context) =>
            string.Concat(context.Request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => $"{h.Key}: {h.Value}\n")));
        app.MapGet("/slow", async (int? ms, CancellationToken aborted) =>
        {
            if (ms is not (>= 0 and <= MaxSlowMilliseconds))
            {
                return Results.BadRequest($"ms must be from 0 to {MaxSlowMilliseconds}\n");
            }

            await Task.Delay(ms.Value, aborted);
            return Results.Text($"{name} slept {ms} ms\n");
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        LogListening(app.Logger, name, address ?? "(unknown)", settings.Route, settings.Nats, settings.App, settings.Index);
        await app.WaitForShutdownAsync();
        return 0;
    }

    [LoggerMessage(EventId = 1, EventName = "sample-backend-started", Level = LogLevel.Information,
        Message = "{Name} listening on {Address}, registering route {Route} via {Nats} (app {App}, index {Index})")]
    private static partial void LogListening(ILogger logger, string name, string address, string route, Uri nats, string app, int index);

    /// <summary>
    /// The sample's settings, from the command line (<c>--name blue</c>) or the environment (<c>SAMPLE_NAME</c>).
    /// <c>--listen</c> is the address to bind (default 127.0.0.1); <c>--advertise</c> the host registered with the
    /// router (default: the listen address, or the machine's first non-loopback IPv4 address when listening on
    /// 0.0.0.0, as in a container).
    /// </summary>
    private sealed record SampleSettings(
        string Name, string Route, Uri Nats, int Port, int Index, string App, string InstanceId, IPAddress Listen, string Advertise,
        string? TlsCert, string? TlsKey, string? ClientCa)
    {
        public static SampleSettings? Read(ConfigurationManager configuration, out List<string> errors)
        {
            errors = [];
            string? Setting(string key) =>
                configuration[key] ?? Environment.GetEnvironmentVariable("SAMPLE_" + key.ToUpperInvariant());

            var name = Setting("name") ?? $"sample-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
            var route = Setting("route") ?? "demo.localhost";
            var natsText = Setting("nats") ?? "nats://127.0.0.1:4222";
            if (!Uri.TryCreate(natsText, UriKind.Absolute, out var nats) || nats.Scheme is not ("nats" or "tls"))
            {
                errors.Add($"--nats must be a nats://host:port URL, got '{natsText}'");
            }

            var port = Integer(Setting("port") ?? "0", "--port", 0, ushort.MaxValue, errors);
            var index = Integer(Setting("index") ?? "0", "--index", 0, int.MaxValue, errors);

            // One app id per route unless given, so every instance of the demo shares it (X-CF-APP-INSTANCE targeting).
            var app = Setting("app") ?? new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(route))[..16]).ToString();
            var listenText = Setting("listen") ?? "127.0.0.1";
            if (!IPAddress.TryParse(listenText, out var listen))
            {
                errors.Add($"--listen must be an IP address, got '{listenText}'");
                listen = IPAddress.Loopback;
            }

            var advertise = Setting("advertise") ?? (listen.Equals(IPAddress.Any) ? FirstExternalAddress() : listen.ToString());
            var (tlsCert, tlsKey, clientCa) = (Setting("tls-cert"), Setting("tls-key"), Setting("client-ca"));
            if ((tlsCert is null) != (tlsKey is null) || (clientCa is not null && tlsCert is null))
            {
                errors.Add("--tls-cert and --tls-key go together, and --client-ca needs them");
            }

            return errors.Count == 0
                ? new SampleSettings(
                    name, route, nats!, port, index, app, Setting("instance-id") ?? Guid.NewGuid().ToString(), listen, advertise, tlsCert, tlsKey, clientCa)
                : null;
        }

        private static string FirstExternalAddress()
        {
            foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != System.Net.NetworkInformation.OperationalStatus.Up ||
                    nic.NetworkInterfaceType == System.Net.NetworkInformation.NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                    {
                        return unicast.Address.ToString();
                    }
                }
            }

            return "127.0.0.1";
        }

        private static int Integer(string text, string name, int min, int max, List<string> errors)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            errors.Add($"{name} must be a whole number from {min} to {max}, got '{text}'");
            return 0;
        }
    }
}
