using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>Start-up failures (docs/gorouter-compatibility.md §8.3): exit 1, saying why, before serving anything.</summary>
public sealed class StartupFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_SeveralBadKeys_ExitsOneNamingEveryKeyOnStderrBeforeConnecting()
    {
        // A listener standing in for NATS: the router connects to NATS before opening any listener of its own, so
        // nobody dialling it proves nothing was started.
        using var natsStandIn = new TcpListener(IPAddress.Loopback, 0);
        natsStandIn.Start();
        var natsPort = ((IPEndPoint)natsStandIn.LocalEndpoint).Port;
        var yaml = $"""
            port: abc
            bind_address: 127.0.0.1
            balancing_algorithm: random
            backends:
              max_conns: -1
            drain_wait: soon
            status:
              host: 127.0.0.1
              port: {FreePort.Next()}
              routes:
                port: 70000
            logging:
              redact_query_params: sometimes
            nats:
              hosts:
              - hostname: 127.0.0.1
                port: {natsPort}
            """;
        await using var router = await RouterProcess.StartAsync(new() { ConfigYaml = yaml, WaitUntilHealthy = false }, output);

        Assert.Equal(1, await router.WaitForExitAsync(ExitTimeout));
        var stderr = router.StandardError;
        Assert.Contains("Error loading config", stderr, StringComparison.Ordinal);
        foreach (var key in (string[])["port", "balancing_algorithm", "backends.max_conns", "drain_wait", "status.routes.port", "logging.redact_query_params"])
        {
            Assert.Matches(new Regex($@"(?m)^\s+{Regex.Escape(key)}: \S"), stderr);
        }

        Assert.DoesNotContain("listening", router.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.False(natsStandIn.Pending(), "the router dialled NATS although its configuration is invalid");
    }

    [Fact]
    public async Task Start_NatsTlsWithBadPem_ExitsOneNamingTheKeys()
    {
        await using var router = await RouterProcess.StartAsync(new()
        {
            NatsPort = FreePort.Next(),
            WaitUntilHealthy = false,
            Environment = new Dictionary<string, string>
            {
                ["ROUTER_NATS__TLS_ENABLED"] = "true",
                ["ROUTER_NATS__CA_CERTS"] = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----",
                ["ROUTER_NATS__CERT_CHAIN"] = "not a certificate",
                ["ROUTER_NATS__PRIVATE_KEY"] = "not a key",
            },
        }, output);

        Assert.Equal(1, await router.WaitForExitAsync(ExitTimeout));
        Assert.Contains("nats.ca_certs:", router.StandardError, StringComparison.Ordinal);
        Assert.Contains("nats.cert_chain:", router.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NatsUnreachable_ExitsOneWithNatsConnectionError()
    {
        await using var router = await RouterProcess.StartAsync(
            new() { NatsPort = FreePort.Next(), WaitUntilHealthy = false }, output);

        Assert.Equal(1, await router.WaitForExitAsync(ExitTimeout));
        Assert.Contains("Could not connect to NATS", router.Output, StringComparison.Ordinal);
        Assert.True(await HttpClients.IsRefusedAsync(router.ProxyPort));
    }

    [Fact]
    public async Task Start_NatsUnreachable_JsonLogNamesGorouterEvent()
    {
        // Operators (and their log searches) know this failure by Gorouter's name for it.
        await using var router = await RouterProcess.StartAsync(
            new() { NatsPort = FreePort.Next(), WaitUntilHealthy = false, ExtraYaml = "logging:\n  json: true" }, output);

        Assert.Equal(1, await router.WaitForExitAsync(ExitTimeout));
        Assert.Contains("nats-connection-error", router.Output, StringComparison.Ordinal);
    }
}
