using System.Diagnostics;
using Router.Metrics;

namespace Router.Tests.Metrics;

public class ProcessMetricsTests
{
    [Fact]
    public async Task WriteToAsync_FixedClock_UptimeAndStartTimeFromProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        var start = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        using var metrics = new RouterMetrics(timeProvider: new FixedTimeProvider(start.AddSeconds(90)));

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Equal(90, page.Value(MetricNames.Uptime)!.Value, precision: 3);
        Assert.Equal(start.ToUnixTimeMilliseconds() / 1000.0, page.Value(MetricNames.ProcessStartTime)!.Value, precision: 3);
    }

    [Fact]
    public async Task WriteToAsync_ClockBeforeProcessStart_UptimeZero()
    {
        using var metrics = new RouterMetrics(timeProvider: new FixedTimeProvider(DateTimeOffset.UnixEpoch));

        var page = await MetricsPage.ScrapeAsync(metrics);

        Assert.Equal(0, page.Value(MetricNames.Uptime));
    }

    [Fact]
    public void CountFileDescriptors_MoreFilesOpen_CountRises()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int Opened = 64;
        var before = ProcessMetrics.CountFileDescriptors();
        var path = Path.GetTempFileName();
        var streams = new List<FileStream>();
        try
        {
            for (var i = 0; i < Opened; i++)
            {
                streams.Add(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            }

            var after = ProcessMetrics.CountFileDescriptors();

            // Other test classes run in parallel and may close a few descriptors meanwhile.
            Assert.NotNull(before);
            Assert.InRange(after!.Value - before.Value, Opened - 16, Opened + 16);
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WriteToAsync_Linux_DescriptorAndMemoryValuesPresentAndPlausible()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var metrics = new RouterMetrics();

        var page = await MetricsPage.ScrapeAsync(metrics);

        var descriptors = page.Value(MetricNames.FileDescriptors);
        Assert.InRange(descriptors!.Value, 3, 1_000_000);
        Assert.Equal(descriptors, page.Value(MetricNames.ProcessOpenFds));
        Assert.InRange(page.Value(MetricNames.ProcessMaxFds)!.Value, descriptors.Value, long.MaxValue);
        Assert.InRange(page.Value(MetricNames.ProcessResidentMemory)!.Value, 1 << 20, double.MaxValue);
        Assert.InRange(page.Value(MetricNames.ProcessVirtualMemory)!.Value, page.Value(MetricNames.ProcessResidentMemory)!.Value, double.MaxValue);
    }

    [Fact]
    public async Task WriteToAsync_AfterGarbageCollection_RuntimeValuesMove()
    {
        using var metrics = new RouterMetrics();
        var first = await MetricsPage.ScrapeAsync(metrics);

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var second = await MetricsPage.ScrapeAsync(metrics);

        var gen0 = (MetricNames.GenerationLabel, "gen0");
        Assert.True(second.Value(MetricNames.GcCollections, gen0) > first.Value(MetricNames.GcCollections, gen0));
        Assert.NotNull(second.Value(MetricNames.GcCollections, (MetricNames.GenerationLabel, "gen2")));
        Assert.InRange(second.Value(MetricNames.GcHeapSize)!.Value, 1, double.MaxValue);
        Assert.InRange(second.Value(MetricNames.ProcessCpuSeconds)!.Value, double.Epsilon, double.MaxValue);
        Assert.InRange(second.Value(MetricNames.GcPauseTime)!.Value, first.Value(MetricNames.GcPauseTime)!.Value, double.MaxValue);
        Assert.InRange(second.Value(MetricNames.ThreadPoolThreads)!.Value, 0, 32_767);
        Assert.InRange(second.Value(MetricNames.ThreadPoolQueueLength)!.Value, 0, long.MaxValue);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
