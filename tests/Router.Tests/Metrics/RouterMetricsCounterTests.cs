using Router.Metrics;

namespace Router.Tests.Metrics;

public class RouterMetricsCounterTests
{
    public enum Verb
    {
        BadGateway,
        RejectedRequest,
        BackendExhaustedConns,
        BackendInvalidId,
        BackendInvalidTlsCert,
        BackendTlsHandshakeFailed,
        ClientTlsHandshakeFailed,
        WebSocketUpgrade,
        WebSocketFailure,
        InvalidRegistryMessage,
    }

    public static TheoryData<Verb, string> PlainCounters() => new()
    {
        { Verb.BadGateway, MetricNames.BadGateways },
        { Verb.RejectedRequest, MetricNames.RejectedRequests },
        { Verb.BackendExhaustedConns, MetricNames.BackendExhaustedConns },
        { Verb.BackendInvalidId, MetricNames.BackendInvalidId },
        { Verb.BackendInvalidTlsCert, MetricNames.BackendInvalidTlsCert },
        { Verb.BackendTlsHandshakeFailed, MetricNames.BackendTlsHandshakeFailed },
        { Verb.ClientTlsHandshakeFailed, MetricNames.ClientTlsHandshakeFailed },
        { Verb.WebSocketUpgrade, MetricNames.WebSocketUpgrades },
        { Verb.WebSocketFailure, MetricNames.WebSocketFailures },
        { Verb.InvalidRegistryMessage, MetricNames.RegistryMessageInvalid },
    };

    [Theory]
    [MemberData(nameof(PlainCounters))]
    public async Task Verb_CalledTwice_OnlyItsCounterMovesByTwo(Verb verb, string counter)
    {
        using var metrics = new RouterMetrics();

        Call(metrics, verb);
        Call(metrics, verb);

        var page = await MetricsPage.ScrapeAsync(metrics);
        foreach (var (_, name) in PlainCounters().Select(row => ((Verb)row[0], (string)row[1])))
        {
            Assert.Equal(name == counter ? 2 : 0, page.Value(name));
        }
    }

    [Fact]
    public async Task RegistryMessage_ActionsAndComponents_SeriesPerActionAndComponent()
    {
        using var metrics = new RouterMetrics();

        metrics.RegistryMessage("route-emitter", MetricNames.ActionAdded, 3);
        metrics.RegistryMessage("route-emitter", MetricNames.ActionUnmodified);
        metrics.RegistryMessage("route-emitter", MetricNames.ActionUnmodified);
        metrics.RegistryMessage("", MetricNames.ActionUpdated);

        var page = await MetricsPage.ScrapeAsync(metrics);
        double? Series(string action, string component) =>
            page.Value(MetricNames.RegistryMessage, (MetricNames.ActionLabel, action), (MetricNames.ComponentLabel, component));
        Assert.Equal(3, Series(MetricNames.ActionAdded, "route-emitter"));
        Assert.Equal(2, Series(MetricNames.ActionUnmodified, "route-emitter"));
        Assert.Equal(1, Series(MetricNames.ActionUpdated, ""));
        Assert.Null(Series(MetricNames.ActionUpdated, "route-emitter"));
        Assert.Contains("registry_message{action=\"added\",component=\"route-emitter\"} 3\n", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistryMessage_ZeroCount_NoSeries()
    {
        using var metrics = new RouterMetrics();

        metrics.RegistryMessage("route-emitter", MetricNames.ActionAdded, 0);
        metrics.UnregistryMessage("route-emitter", 0);

        var page = await MetricsPage.ScrapeAsync(metrics);
        Assert.Empty(page.Family(MetricNames.RegistryMessage).Samples);
        Assert.Empty(page.Family(MetricNames.UnregistryMessage).Samples);
    }

    [Fact]
    public void RegistryMessage_UnknownActionOrNegativeCount_Throws()
    {
        using var metrics = new RouterMetrics();

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RegistryMessage("", "deleted"));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RegistryMessage("", MetricNames.ActionAdded, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.UnregistryMessage("", -1));
    }

    [Fact]
    public async Task UnregistryMessage_Counts_AddedPerComponent()
    {
        using var metrics = new RouterMetrics();

        metrics.UnregistryMessage("route-emitter", 2);
        metrics.UnregistryMessage("route-emitter");
        metrics.UnregistryMessage("");

        var page = await MetricsPage.ScrapeAsync(metrics);
        Assert.Equal(3, page.Value(MetricNames.UnregistryMessage, (MetricNames.ComponentLabel, "route-emitter")));
        Assert.Equal(1, page.Value(MetricNames.UnregistryMessage, (MetricNames.ComponentLabel, "")));
    }

    [Fact]
    public async Task BackendAttempt_ConcurrentCallers_NoCountLost()
    {
        using var metrics = new RouterMetrics();
        const int PerThread = 20_000;

        Parallel.For(0, 4, i =>
        {
            for (var n = 0; n < PerThread; n++)
            {
                metrics.BackendAttempt(i % 2 == 0 ? "" : "route-emitter");
                metrics.RequestCompleted(200, "", 0, 0);
            }
        });

        var page = await MetricsPage.ScrapeAsync(metrics);
        Assert.Equal(2 * PerThread, page.Value(MetricNames.TotalRequests, (MetricNames.ComponentLabel, "")));
        Assert.Equal(2 * PerThread, page.Value(MetricNames.TotalRequests, (MetricNames.ComponentLabel, "route-emitter")));
        Assert.Equal(4 * PerThread, page.Value(MetricNames.Latency + "_count", (MetricNames.ComponentLabel, "")));
    }

    private static void Call(RouterMetrics metrics, Verb verb)
    {
        switch (verb)
        {
            case Verb.BadGateway: metrics.BadGateway(); break;
            case Verb.RejectedRequest: metrics.RejectedRequest(); break;
            case Verb.BackendExhaustedConns: metrics.BackendExhaustedConns(); break;
            case Verb.BackendInvalidId: metrics.BackendInvalidId(); break;
            case Verb.BackendInvalidTlsCert: metrics.BackendInvalidTlsCert(); break;
            case Verb.BackendTlsHandshakeFailed: metrics.BackendTlsHandshakeFailed(); break;
            case Verb.ClientTlsHandshakeFailed: metrics.ClientTlsHandshakeFailed(); break;
            case Verb.WebSocketUpgrade: metrics.WebSocketUpgrade(); break;
            case Verb.WebSocketFailure: metrics.WebSocketFailure(); break;
            case Verb.InvalidRegistryMessage: metrics.InvalidRegistryMessage(); break;
            default: throw new ArgumentOutOfRangeException(nameof(verb));
        }
    }
}
