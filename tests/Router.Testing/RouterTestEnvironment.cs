using System.Collections;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Router.Configuration;
using Router.Configuration.Reload;
using Router.Hosting;
using RouteRegistry;
using Xunit.Abstractions;

namespace Router.Testing;

/// <summary>
/// The real router on loopback with free ports: configuration through the real YAML loader, the real host, an
/// HTTP client aimed at the proxy port. Optionally fed by a real nats-server.
/// </summary>
internal sealed class RouterTestEnvironment : IAsyncDisposable
{
    private RouterTestEnvironment(RouterHost host, RouterOptions options, string baseYaml, ConfigReloader? reloader)
    {
        Host = host;
        Options = options;
        BaseYaml = baseYaml;
        Reloader = reloader;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{options.Port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public RouterHost Host { get; }

    /// <summary>The configuration before the test's own YAML: ports, NATS, start-up delay, log level.</summary>
    public string BaseYaml { get; }

    /// <summary>Reloads the configuration file; null unless the router was started from one.</summary>
    public ConfigReloader? Reloader { get; }

    public RouterOptions Options { get; }

    public RouteTable RouteTable => Host.RouteTable;

    /// <summary>Client for the proxy port.</summary>
    public HttpClient Client { get; }

    public int ProxyPort => Options.Port;

    public int StatusPort => Options.Status.Port;

    public int RoutesPort => Options.Status.Routes.Port;

    public int MetricsPort => Options.Prometheus.Port;

    /// <summary>
    /// Starts the router. <paramref name="extraYaml"/> is appended to a base configuration that sets the ports,
    /// NATS (when given) and a zero start-up delay. With <paramref name="configFile"/>, the configuration is written
    /// there and loaded from the file, and <see cref="Reloader"/> re-reads it as SIGHUP does.
    /// </summary>
    public static async Task<RouterTestEnvironment> StartAsync(
        string extraYaml = "",
        NatsServerProcess? nats = null,
        TimeProvider? timeProvider = null,
        ITestOutputHelper? output = null,
        IDictionary? environment = null,
        TcpRelay? natsRelay = null,
        IReadOnlyList<NatsServerProcess>? natsHosts = null,
        int? natsPendingMessageLimit = null,
        string? configFile = null)
    {
        var yaml = new StringBuilder()
            .AppendLine($"port: {FreePort.Next()}")
            .AppendLine("status:")
            .AppendLine($"  port: {FreePort.Next()}")
            .AppendLine("  user: router-status")
            .AppendLine("  pass: status-secret")
            .AppendLine("  routes:")
            .AppendLine($"    port: {FreePort.Next()}")
            .AppendLine("prometheus:")
            .AppendLine("  enabled: true")
            .AppendLine($"  port: {FreePort.Next()}")
            .AppendLine("bind_address: 127.0.0.1")
            .AppendLine("start_response_delay_interval: 0s")
            .AppendLine("logging:")
            .AppendLine("  level: debug");
        if (nats is not null)
        {
            // Through the relay when there is one, so the test can cut this router's connection alone.
            var port = natsRelay?.Port ?? nats.Port;
            // No warm-up (nats.warm_up): up to 3 s of made-up registrations per start; the process tests cover it.
            yaml.AppendLine("nats:").AppendLine("  warm_up: false").AppendLine("  hosts:").AppendLine("  - hostname: 127.0.0.1").AppendLine($"    port: {port}");

            // More servers of a cluster after the first, in the order given, as an operator lists them.
            foreach (var other in natsHosts ?? [])
            {
                yaml.AppendLine("  - hostname: 127.0.0.1").AppendLine($"    port: {other.Port}");
            }
        }

        var baseYaml = yaml.ToString();
        yaml.AppendLine(extraYaml);
        environment ??= new Hashtable();
        RouterConfigResult config;
        if (configFile is null)
        {
            config = RouterConfigLoader.LoadFromYaml(yaml.ToString(), environment);
        }
        else
        {
            await File.WriteAllTextAsync(configFile, yaml.ToString());
            config = RouterConfigLoader.Load(configFile, environment);
        }

        var options = config.Options;
        var host = new RouterHost(options, new RouterHostSettings
        {
            TimeProvider = timeProvider ?? TimeProvider.System,
            ConnectMessageBus = nats is not null,
            NatsPendingMessageLimit = natsPendingMessageLimit ?? Router.Registration.PendingPayloads.DefaultMessageLimit,
            ConfigureLogging = output is null
                ? b => b.SetMinimumLevel(LogLevel.Warning)
                : b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new XunitLoggerProvider(output)),
        });
        ConfigReloader? reloader = null;
        try
        {
            await host.StartAsync();
            reloader = configFile is null ? null : host.EnableReload(configFile, config, () => environment);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return new RouterTestEnvironment(host, options, baseYaml, reloader);
    }

    /// <summary>Registers <paramref name="backend"/> directly in the route table under <paramref name="uris"/>.</summary>
    public void Register(TestBackend backend, params string[] uris) => RouteTable.Register(backend.Registration(uris));

    /// <summary>A GET for <paramref name="host"/> and <paramref name="pathAndQuery"/> through the proxy.</summary>
    public Task<HttpResponseMessage> GetAsync(string host, string pathAndQuery = "/")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Host = host;
        return Client.SendAsync(request);
    }

    /// <summary>GETs <c>/routes</c> from the status API with the configured credentials.</summary>
    public async Task<string> GetRoutesJsonAsync()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{RoutesPort}/routes");
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Options.Status.User}:{Options.Status.Pass}")));
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
