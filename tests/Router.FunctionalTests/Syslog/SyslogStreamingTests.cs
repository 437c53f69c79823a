using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Syslog;

/// <summary>The access log streamed to Debian's rsyslogd over UDP and TCP, read back from what rsyslog wrote.</summary>
public sealed class SyslogStreamingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(SyslogListener.Udp, "udp")]
    [InlineData(SyslogListener.Tcp, "tcp")]
    public async Task Stream_AppAndUnknownRoute_EachLineArrivesAsTheFileHasItWithGorouterHeaderAndAppTags(SyslogListener listener, string network)
    {
        await using var rsyslog = await RsyslogProcess.StartNewAsync(listener);
        await using var router = await SyslogRouter.StartAsync(rsyslog.Address, network, output);

        using (var found = await router.Router.GetAsync(SyslogRouter.AppHost, "/hello?x=1"))
        using (var missing = await router.Router.GetAsync("unknown.test", "/nowhere"))
        {
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (found.StatusCode, missing.StatusCode));
        }

        await Eventually.Until("rsyslog received two messages", () => rsyslog.Received().Count == 2, Wait);
        await Eventually.Until("the file has two lines", () => router.FileLines().Length == 2, Wait);
        var lines = router.FileLines();
        var received = rsyslog.Received();

        var app = Assert.Single(received, e => e.Message.Contains(SyslogRouter.AppHost, StringComparison.Ordinal));
        Assert.Equal((14, "1", Environment.MachineName, "vcap.gorouter", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-"),
            (app.Priority, app.Version, app.HostName, app.AppName, app.ProcId, app.MsgId));
        Assert.Equal(
            $"[tags@47450 app_id=\"{router.Backend.AppGuid}\" instance_id=\"0\" origin=\"gorouter\" source_type=\"RTR\" component=\"syslog-test\" process_type=\"web\"]",
            app.StructuredData);
        Assert.Equal("\uFEFF" + Assert.Single(lines, l => l.StartsWith(SyslogRouter.AppHost, StringComparison.Ordinal)), app.Message);

        var unknown = Assert.Single(received, e => e.Message.Contains("unknown.test", StringComparison.Ordinal));
        Assert.Equal("-", unknown.StructuredData);
        Assert.Equal("\uFEFF" + Assert.Single(lines, l => l.StartsWith("unknown.test", StringComparison.Ordinal)), unknown.Message);
    }

    [Fact]
    public async Task Stream_AppLineOver64KB_ShortenedAsGorouterDoesWhileTheFileKeepsItWhole()
    {
        await using var rsyslog = await RsyslogProcess.StartNewAsync(SyslogListener.Tcp);
        await using var router = await SyslogRouter.StartAsync(rsyslog.Address, "tcp", output);
        var path = "/" + new string('p', 70_000);

        // The test backend answers 414 to a target this long; what matters is that the request reached the app.
        (await router.Router.GetAsync(SyslogRouter.AppHost, path)).Dispose();

        await Eventually.Until("rsyslog received the line", () => rsyslog.Received().Count == 1, Wait);
        await Eventually.Until("the file has the line", () => router.FileLines().Length == 1, Wait);
        var message = Assert.Single(rsyslog.Received()).Message;
        Assert.Contains("...REQUEST-URI-TOO-LONG-TO-LOG--TRUNCATED HTTP/1.1\" ", message, StringComparison.Ordinal);
        Assert.Contains($"app_id:\"{router.Backend.AppGuid}\"", message, StringComparison.Ordinal);
        Assert.True(message.Length < 65_400, $"{message.Length} characters");
        Assert.Contains(path + " HTTP/1.1", Assert.Single(router.FileLines()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ManyRequestsOverTcp_NoLineLost()
    {
        await using var rsyslog = await RsyslogProcess.StartNewAsync(SyslogListener.Tcp);
        await using var router = await SyslogRouter.StartAsync(rsyslog.Address, "tcp", output);

        const int requests = 300;
        await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var response = await router.Router.GetAsync(SyslogRouter.AppHost, $"/many/{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        await Eventually.Until($"rsyslog received {requests} messages", () => rsyslog.Received().Count == requests, Wait);
        var paths = rsyslog.Received().Select(e => e.Message.Split(' ')[4]).ToHashSet();
        Assert.Equal(requests, paths.Count);
    }

    [Fact]
    public async Task Stream_ServerStoppedThenRestarted_RequestsUnaffectedAndLinesFlowAgain()
    {
        await using var rsyslog = await RsyslogProcess.StartNewAsync(SyslogListener.Tcp);
        await using var router = await SyslogRouter.StartAsync(rsyslog.Address, "tcp", output);
        (await router.Router.GetAsync(SyslogRouter.AppHost, "/before")).Dispose();
        await Eventually.Until("the first line arrived", () => rsyslog.Received().Count == 1, Wait);

        await rsyslog.StopAsync();
        for (var i = 0; i < 20; i++)
        {
            using var response = await router.Router.GetAsync(SyslogRouter.AppHost, $"/during/{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await rsyslog.StartAsync();
        var attempt = 0;
        await Eventually.Until("a line sent after the restart arrived", async () =>
        {
            (await router.Router.GetAsync(SyslogRouter.AppHost, $"/after/{attempt++}")).Dispose();
            return rsyslog.Received().Any(e => e.Message.Contains("/after/", StringComparison.Ordinal));
        }, Wait);

        var scrape = await MetricsScrape.FetchAsync(router.Router.MetricsPort);
        Assert.True(scrape.Value("syslog_connection_failures") >= 1, scrape.Text);
    }

    [Fact]
    public async Task Stream_NothingListens_RequestsAnsweredAndFailuresCounted()
    {
        await using var router = await SyslogRouter.StartAsync($"127.0.0.1:{FreePort.Next()}", "tcp", output);

        for (var i = 0; i < 20; i++)
        {
            using var response = await router.Router.GetAsync(SyslogRouter.AppHost, $"/down/{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await MetricsScrape.UntilAsync(router.Router.MetricsPort, "connecting failed twice", s => s.Value("syslog_connection_failures") >= 2);
        await Eventually.Until("the file still has every line", () => router.FileLines().Length == 20, Wait);
    }
}
