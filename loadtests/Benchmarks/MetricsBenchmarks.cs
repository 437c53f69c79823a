using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Router.Metrics;

namespace Benchmarks;

/// <summary>
/// Cost of the metrics verbs on the request path (<c>docs/gorouter-compatibility.md</c> §9). Every verb should report 0 B allocated;
/// <see cref="ProxiedRequest"/> is what one proxied request pays in total. <see cref="Scrape"/> is the
/// <c>/metrics</c> page with a handful of components, for scale.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private readonly MemoryStream _page = new(64 * 1024);
    private RouterMetrics _metrics = null!;
    private string _component = null!;
    private long _start;
    private long _end;

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new RouterMetrics
        {
            TotalRoutes = () => 10_000,
            MsSinceLastRegistryUpdate = () => 250,
            RoutesPrunedTotal = () => 3,
            BufferedMessages = () => 0,
            TotalDroppedMessages = () => 0,
        };

        // A distinct instance, as the component comes from a registration's tags: the look-up must go by value.
        _component = new string("route-emitter".AsSpan());
        foreach (var name in (string[])["route-emitter", "CloudController", "uaa", "doppler"])
        {
            _metrics.BackendAttempt(name);
            _metrics.RequestCompleted(200, name, 0, Stopwatch.Frequency / 200);
            _metrics.RegistryMessage(name, MetricNames.ActionUnmodified);
        }

        _start = Stopwatch.GetTimestamp();
        _end = _start + (Stopwatch.Frequency * 3 / 1000);
    }

    [GlobalCleanup]
    public void Cleanup() => _metrics.Dispose();

    [Benchmark]
    public void BackendAttempt_EmptyComponent() => _metrics.BackendAttempt("");

    [Benchmark]
    public void BackendAttempt_TaggedComponent() => _metrics.BackendAttempt(_component);

    [Benchmark]
    public void RequestCompleted_EmptyComponent() => _metrics.RequestCompleted(200, "", _start, _end);

    [Benchmark]
    public void RequestCompleted_TaggedComponent() => _metrics.RequestCompleted(200, _component, _start, _end);

    [Benchmark]
    public void RouteLookup() => _metrics.RouteLookup(15_000);

    [Benchmark]
    public void RouterTime() => _metrics.RouterTime(0.35);

    [Benchmark]
    public void BadGateway() => _metrics.BadGateway();

    [Benchmark]
    public void ProxiedRequest()
    {
        _metrics.RouteLookup(15_000);
        _metrics.BackendAttempt(_component);
        _metrics.RequestCompleted(200, _component, _start, _end);
        _metrics.RouterTime(0.35);
    }

    [Benchmark]
    public async Task<long> Scrape()
    {
        _page.SetLength(0);
        await _metrics.WriteToAsync(_page);
        return _page.Length;
    }
}
