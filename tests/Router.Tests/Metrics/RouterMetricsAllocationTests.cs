using Router.Metrics;
using Router.Testing;

namespace Router.Tests.Metrics;

/// <summary>
/// Runs alone: a listener another test attached to every <c>Router</c> meter would enable the histograms, and
/// its callback's allocations would land on this thread.
/// </summary>
[Collection(RunsAlone.Name)]
public class RouterMetricsAllocationTests
{
    [Fact]
    public void RequestPathVerbs_AfterWarmUp_AllocateNothing()
    {
        using var metrics = new RouterMetrics();

        // Endpoints carry their own string instances, so look-ups must work by value, not by reference.
        var component = new string("route-emitter".AsSpan());
        RunRequestPath(metrics, component, 2_000);

        var allocated = Allocations.Measure(() => RunRequestPath(metrics, component, 20_000));

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void RegistrationVerbs_KnownComponent_AllocateNothing()
    {
        using var metrics = new RouterMetrics();
        var component = new string("route-emitter".AsSpan());
        RunRegistration(metrics, component, 2_000);

        var allocated = Allocations.Measure(() => RunRegistration(metrics, component, 20_000));

        Assert.Equal(0, allocated);
    }

    private static void RunRequestPath(RouterMetrics metrics, string component, int iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
            metrics.RouteLookup(1_234);
            metrics.BackendAttempt(component);
            metrics.BackendAttempt("");
            metrics.RequestCompleted(200 + (i % 4 * 100), component, 0, i * 1_000L);
            metrics.RequestCompleted(101, "", 0, i);
            metrics.RouterTime(i % 50 * 0.1);
            metrics.BadGateway();
            metrics.RejectedRequest();
            metrics.BackendExhaustedConns();
            metrics.BackendInvalidId();
            metrics.BackendInvalidTlsCert();
            metrics.BackendTlsHandshakeFailed();
            metrics.WebSocketUpgrade();
            metrics.WebSocketFailure();
        }
    }

    private static void RunRegistration(RouterMetrics metrics, string component, int iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
            metrics.RegistryMessage(component, MetricNames.ActionUnmodified, 2);
            metrics.RegistryMessage("", MetricNames.ActionAdded);
            metrics.UnregistryMessage(component);
            metrics.RouteRegistrationLatency(i % 10 * 0.5);
            metrics.InvalidRegistryMessage();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Metrics allocation";
}
