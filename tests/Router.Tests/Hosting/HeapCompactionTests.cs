using RouteMessages;
using RouteRegistry;
using Router.Hosting;
using Router.Testing;
using Router.Tests.AccessLog;

namespace Router.Tests.Hosting;

/// <summary>
/// When the router compacts its heap: after the route table changed by many endpoints and a quarter of its size, and
/// only once the change has settled.
/// </summary>
public sealed class HeapCompactionTests
{
    [Theory]
    [InlineData(0, 9_999, false)]
    [InlineData(0, 10_000, true)]
    [InlineData(100_000, 124_999, false)]
    [InlineData(100_000, 125_000, true)]
    [InlineData(100_000, 75_000, true)]
    [InlineData(100_000, 80_000, false)]
    [InlineData(30_000, 40_000, true)]
    [InlineData(200_000, 0, true)]
    [InlineData(5_000, 0, false)]
    public void IsLargeChange_NeedsBothTheMinimumAndAQuarter(int before, int now, bool expected)
    {
        Assert.Equal(expected, HeapCompaction.IsLargeChange(before, now));
    }

    [Fact]
    public async Task RunAsync_BurstInTwoParts_CompactsOnceAfterItSettles()
    {
        var time = new ManualTimeProvider();
        var table = new RouteTable(new RouteTableOptions(), time);
        var logger = new ListLogger();
        using var stopping = new CancellationTokenSource();
        var running = Task.Run(() => new HeapCompaction(table, time, logger).RunAsync(stopping.Token));
        await Eventually.Until("the compaction loop armed its timer", () => time.ActiveTimers == 1);

        // Every tick at which the table holds 10,000 endpoints follows one at which it held none: not settled.
        Register(table, "first", 10_000);
        time.Advance(TimeSpan.FromSeconds(1));
        Register(table, "second", 10_000);
        await Eventually.Until("the heap was compacted", () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return logger.Count("heap-compacted") > 0;
        });

        var entry = Assert.Single(logger.Entries, e => e.EventName == "heap-compacted");
        Assert.StartsWith("The route table settled at 20000 endpoints (0 at the last compaction)", entry.Message, StringComparison.Ordinal);

        await stopping.CancelAsync();
        await running;
    }

    private static void Register(RouteTable table, string prefix, int routes)
    {
        for (var route = 0; route < routes; route++)
        {
            table.Register(new RegistrationMessage
            {
                Host = "10.0.0.1",
                Port = 8080,
                Uris = [$"{prefix}{route}.test"],
                App = "11111111-2222-3333-4444-555555555555",
                PrivateInstanceId = "instance",
                PrivateInstanceIndex = "0",
            });
        }
    }
}
