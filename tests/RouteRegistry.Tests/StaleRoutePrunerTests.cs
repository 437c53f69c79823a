using System.Threading.Channels;
using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>The prune cycle driven by a fake clock (docs/gorouter-compatibility.md §3 steps 1-3).</summary>
public sealed class StaleRoutePrunerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();
    private readonly Channel<PruneResult> _results = Channel.CreateUnbounded<PruneResult>();
    private bool _connected = true;

    [Fact]
    public async Task RunAsync_EveryInterval_PrunesStaleEndpoints()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        using var cts = new CancellationTokenSource();
        var run = Start(table, suspend: true, cts.Token);

        for (var cycle = 1; cycle <= 4; cycle++)
        {
            Assert.Equal(new PruneResult(0, 0, false), await NextCycleAsync());
        }

        Assert.Equal(new PruneResult(1, 1, false), await NextCycleAsync());
        Assert.Null(table.Lookup("app.test", "/"));

        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_BusDownWithSuspension_KeepsRoutesThenRefreshesThem()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        using var cts = new CancellationTokenSource();
        var run = Start(table, suspend: true, cts.Token);

        _connected = false;
        for (var cycle = 1; cycle <= 8; cycle++)
        {
            Assert.True((await NextCycleAsync()).Suspended);
        }

        Assert.NotNull(table.Lookup("app.test", "/"));

        // Back online at 240 s: the endpoint is refreshed, then gets a whole threshold again.
        _connected = true;
        for (var cycle = 1; cycle <= 5; cycle++)
        {
            Assert.Equal(new PruneResult(0, 0, false), await NextCycleAsync());
        }

        Assert.Equal(1, (await NextCycleAsync()).PrunedEndpoints);

        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_BusDownWithoutSuspension_StillPrunes()
    {
        var table = Table(_time);
        table.Register(Message("10.0.0.1", 8080, "app.test"));
        _connected = false;
        using var cts = new CancellationTokenSource();
        var run = Start(table, suspend: false, cts.Token);

        PruneResult last = default;
        for (var cycle = 1; cycle <= 5; cycle++)
        {
            last = await NextCycleAsync();
            Assert.False(last.Suspended);
        }

        Assert.Equal(1, last.PrunedEndpoints);

        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_KeepsRunning()
    {
        var table = Table(_time);
        using var cts = new CancellationTokenSource();
        var pruner = new StaleRoutePruner(table, Interval, () => true, suspendPruningIfDisconnected: true, _time);
        pruner.Pruned += _ => throw new InvalidOperationException("handler failure");
        pruner.Pruned += result => _results.Writer.TryWrite(result);
        var run = pruner.RunAsync(cts.Token);

        await NextCycleAsync();
        await NextCycleAsync();

        await cts.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_ZeroInterval_CompletesAtOnce()
    {
        var pruner = new StaleRoutePruner(Table(_time), TimeSpan.Zero, () => true, suspendPruningIfDisconnected: false, _time);

        await pruner.RunAsync(CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_Cancelled_CompletesWithoutException()
    {
        using var cts = new CancellationTokenSource();
        var run = Start(Table(_time), suspend: true, cts.Token);

        await cts.CancelAsync();

        await run.WaitAsync(Timeout);
        Assert.True(run.IsCompletedSuccessfully);
    }

    private Task Start(RouteTable table, bool suspend, CancellationToken cancellationToken)
    {
        var pruner = new StaleRoutePruner(table, Interval, () => Volatile.Read(ref _connected), suspend, _time);
        pruner.Pruned += result => _results.Writer.TryWrite(result);
        return pruner.RunAsync(cancellationToken);
    }

    private async Task<PruneResult> NextCycleAsync()
    {
        _time.Advance(Interval);
        return await _results.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
    }
}
