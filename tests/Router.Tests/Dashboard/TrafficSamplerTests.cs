using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RouteMessages;
using RouteRegistry;
using Router.Dashboard;
using Router.Testing;

namespace Router.Tests.Dashboard;

public sealed class TrafficSamplerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RouteTable _table;
    private readonly TrafficSampler _sampler;

    public TrafficSamplerTests()
    {
        _table = new RouteTable(new RouteTableOptions(), _time, NullLogger<RouteTable>.Instance);
        _sampler = new TrafficSampler(new RouteIndex(_table, _time), _table, _time, () => true, NullLogger<TrafficSampler>.Instance);
    }

    [Fact]
    public async Task Subscribe_TrafficBeforeOpening_FirstSummaryIsBaselineWithoutRates()
    {
        var pool = Register("early.test");
        pool.RecordResponse(200, 10);

        using var first = await ParseAsync(_sampler.Subscribe(CancellationToken.None));

        Assert.False(first.RootElement.GetProperty("rates").GetBoolean());
        Assert.Empty(first.RootElement.GetProperty("top").EnumerateArray());
        Assert.Equal("connected", first.RootElement.GetProperty("nats").GetString());
        _sampler.Unsubscribe();
    }

    [Fact]
    public async Task Tick_TwelveRoutesWithTraffic_TopTenBusiestFirstWithRates()
    {
        var pools = Enumerable.Range(1, 12).Select(i => Register($"r{i:D2}.test")).ToArray();
        await _sampler.Subscribe(CancellationToken.None);
        await Eventually.Until("the sampler's timer is armed", () => _time.ActiveTimers == 1);
        for (var i = 0; i < pools.Length; i++)
        {
            for (var n = 0; n <= i; n++)
            {
                pools[i].RecordResponse(i == 11 ? 502 : 200, TimeSpan.FromMilliseconds(4).Ticks * System.Diagnostics.Stopwatch.Frequency / TimeSpan.TicksPerSecond);
            }
        }

        var next = _sampler.NextAsync();
        _time.Advance(TrafficSampler.Interval);
        using var summary = await ParseAsync(next);

        var top = summary.RootElement.GetProperty("top").EnumerateArray().ToList();
        Assert.True(summary.RootElement.GetProperty("rates").GetBoolean());
        Assert.Equal(TrafficSampler.TopRoutes, top.Count);
        Assert.Equal("r12.test", top[0].GetProperty("route").GetString());
        Assert.Equal(12, top[0].GetProperty("requests_per_second").GetDouble());
        Assert.Equal(12, top[0].GetProperty("server_errors_per_second").GetDouble());
        Assert.Equal(4, top[0].GetProperty("mean_latency_ms").GetDouble(), 1);
        Assert.Equal("r03.test", top[^1].GetProperty("route").GetString());
        Assert.Equal(0, top[1].GetProperty("server_errors_per_second").GetDouble());
        Assert.Equal(78, summary.RootElement.GetProperty("requests_per_second").GetDouble());
        _sampler.Unsubscribe();
    }

    [Fact]
    public async Task Tick_NoSubscriberLeft_LoopStopsAndDisarmsItsTimer()
    {
        Register("a.test");
        await _sampler.Subscribe(CancellationToken.None);
        await Eventually.Until("the sampler's timer is armed", () => _time.ActiveTimers == 1);

        _sampler.Unsubscribe();
        _time.Advance(TrafficSampler.Interval);

        await Eventually.Until("the sampler's timer is gone", () => _time.ActiveTimers == 0);
    }

    private EndpointPool Register(string uri)
    {
        _table.Register(new RegistrationMessage { Host = "10.0.0.1", Port = 8080, Uris = [uri], App = "app" });
        return _table.Lookup(uri, "/")!;
    }

    private static async Task<JsonDocument> ParseAsync(Task<byte[]> summary) =>
        JsonDocument.Parse(await summary.WaitAsync(TimeSpan.FromSeconds(10)));
}
