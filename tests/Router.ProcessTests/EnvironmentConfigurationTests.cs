using System.Globalization;
using System.Net;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary><c>ROUTER_*</c> variables override the file (docs/configuration.md), proven through what the router does.</summary>
public sealed class EnvironmentConfigurationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string EnvironmentPass = "env-secret";

    private MessageBus _bus = null!;
    private GatedBackend _held = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _held = await GatedBackend.StartAsync("held");
    }

    public async Task DisposeAsync()
    {
        await _held.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task Start_PortPassAndMaxConnsFromEnvironment_WinOverTheFile()
    {
        var environmentPort = FreePort.Next();
        await using var router = await RouterProcess.StartAsync(
            new()
            {
                Nats = _bus.Server,
                ExtraYaml = "backends:\n  max_conns: 0",
                Environment = new Dictionary<string, string>
                {
                    ["ROUTER_PORT"] = environmentPort.ToString(CultureInfo.InvariantCulture),
                    ["ROUTER_STATUS__PASS"] = EnvironmentPass,
                    ["ROUTER_BACKENDS__MAX_CONNS"] = "1",
                },
            },
            output);
        await _bus.RegisterAndWaitAsync(router, _held.Backend.Registration("env.test"), EnvironmentPass);

        // status.pass
        using (var filePass = await router.GetRoutesAsync(RouterProcess.StatusUser, router.StatusPass))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, filePass.StatusCode);
        }

        using (var environmentPass = await router.GetRoutesAsync(RouterProcess.StatusUser, EnvironmentPass))
        {
            Assert.Equal(HttpStatusCode.OK, environmentPass.StatusCode);
        }

        // port
        Assert.True(await HttpClients.IsRefusedAsync(router.ProxyPort), "the file's port is open although ROUTER_PORT overrides it");

        // backends.max_conns: one request in flight fills the only endpoint.
        using var client = HttpClients.Create();
        var first = HttpClients.SendAsync(client, HttpClients.ProxyGet(environmentPort, "env.test"));
        await _held.WaitForArrivalsAsync(1);
        using (var second = HttpClients.Create())
        {
            var rejected = await HttpClients.SendAsync(second, HttpClients.ProxyGet(environmentPort, "env.test"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.Status);
            Assert.Equal("Connection Limit Reached", rejected.RouterError);
        }

        _held.Release();
        var served = await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal(1, _held.Arrived);
    }
}
