using System.Net;
using System.Text.RegularExpressions;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>The access log streamed to syslog by the router executable (docs/logging.md), received by rsyslogd.</summary>
public sealed class SyslogProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MessageBus _bus = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _bus = await MessageBus.StartAsync();
        _backend = await TestBackend.StartAsync("streamed");
    }

    public async Task DisposeAsync()
    {
        await _backend.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Fact]
    public async Task Start_BadSyslogNetworkAndAddress_ExitsOneNamingBothKeys()
    {
        await using var router = await RouterProcess.StartAsync(
            new()
            {
                Nats = _bus.Server,
                WaitUntilHealthy = false,
                ExtraYaml = "access_log:\n  enable_streaming: true\nlogging:\n  syslog_network: unix\n  syslog_addr: no-port-here",
            },
            output);

        Assert.Equal(1, await router.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Matches(new Regex(@"(?m)^\s+logging\.syslog_network: must be one of udp"), router.StandardError);
        Assert.Matches(new Regex(@"(?m)^\s+logging\.syslog_addr: must be host:port"), router.StandardError);
    }

    [Fact]
    public async Task Stream_RequestsThenDrain_EveryLineReachesRsyslogOverTcp()
    {
        await using var rsyslog = await RsyslogProcess.StartNewAsync(SyslogListener.Tcp);
        await using var router = await RouterProcess.StartAsync(
            new()
            {
                Nats = _bus.Server,
                ExtraYaml = $"access_log:\n  enable_streaming: true\nlogging:\n  syslog: vcap.gorouter\n  syslog_network: tcp\n  syslog_addr: {rsyslog.Address}",
            },
            output);
        await _bus.RegisterAndWaitAsync(router, _backend.Registration("streamed.test"));
        using var client = HttpClients.Create();
        for (var i = 0; i < 5; i++)
        {
            var answer = await HttpClients.SendAsync(client, HttpClients.ProxyGet(router.ProxyPort, "streamed.test", $"/items/{i}"));
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }

        router.SendSignal(Signals.SigUsr1);
        Assert.Equal(0, await router.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        await Eventually.Until("rsyslog wrote five lines", () => rsyslog.Received().Count == 5);
        Assert.All(rsyslog.Received(), entry =>
        {
            Assert.Equal(("vcap.gorouter", "-"), (entry.AppName, entry.MsgId));
            Assert.StartsWith($"[tags@47450 app_id=\"{_backend.AppGuid}\" ", entry.StructuredData, StringComparison.Ordinal);
            Assert.StartsWith("\uFEFFstreamed.test - [", entry.Message, StringComparison.Ordinal);
        });
    }
}
