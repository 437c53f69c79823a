using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Router.Hosting;
using Router.Testing;

namespace Router.Tests.Hosting;

public sealed partial class RouterLogWriterTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Log_ManyLinesFromSeveralThreads_AllArriveWholeAndInOrderPerThread()
    {
        const int Threads = 4;
        const int LinesPerThread = 20_000;
        using var output = new RecordingStream();
        var provider = Provider(output);
        var logger = provider.CreateLogger("Router.Tests");

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < LinesPerThread; i++)
            {
                LogSequence(logger, t, i);
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        provider.Dispose();

        var next = new int[Threads];
        foreach (var line in output.FlushedLines())
        {
            Assert.StartsWith("1795341600.000 info sequence Router.Tests: thread ", line, StringComparison.Ordinal);
            var fields = line["1795341600.000 info sequence Router.Tests: thread ".Length..].Split(" line ");
            var thread = int.Parse(fields[0], CultureInfo.InvariantCulture);
            Assert.Equal($"{next[thread]} end", fields[1]);
            next[thread]++;
        }

        Assert.All(next, count => Assert.Equal(LinesPerThread, count));
        Assert.Equal(0, provider.DroppedLines);
    }

    [Fact]
    public async Task Log_WriterIdle_LineIsWrittenAndFlushedWithoutDisposal()
    {
        using var output = new RecordingStream();
        using var provider = Provider(output);
        var logger = provider.CreateLogger("Router.Tests");

        LogSequence(logger, 1, 1);
        await Eventually.Until("the first line is flushed", () => output.FlushedLines().Length == 1, WaitLimit);
        LogSequence(logger, 1, 2);
        await Eventually.Until("the second line is flushed", () => output.FlushedLines().Length == 2, WaitLimit);

        Assert.Equal("1795341600.000 info sequence Router.Tests: thread 1 line 2 end", output.FlushedLines()[1]);
    }

    [Fact]
    public async Task Dispose_LinesStillQueued_WritesFlushesAndClosesOutput()
    {
        using var output = new GatedStream();
        var writer = Writer(output, ownsOutput: true);
        Assert.True(writer.TryEnqueue(Line(0, 100)));
        await Eventually.Until("the writer waits in its first write", () => output.BlockedWrites == 1, WaitLimit);
        for (var i = 1; i < 1000; i++)
        {
            Assert.True(writer.TryEnqueue(Line(i, 100)));
        }

        output.Open();
        writer.Dispose();

        Assert.True(output.IsDisposed);
        var lines = output.FlushedLines();
        Assert.Equal(1000, lines.Length);
        Assert.Equal(Encoding.ASCII.GetString(Line(999, 100)).TrimEnd('\n'), lines[^1]);
        Assert.False(writer.TryEnqueue(Line(1000, 100)));
        Assert.Equal(1, writer.DroppedLines);
    }

    [Fact]
    public async Task TryEnqueue_QueueFull_DropsCountsAndReportsOnceCaughtUp()
    {
        using var output = new GatedStream();
        using var writer = Writer(output, ownsOutput: false, maxQueuedBytes: 1000);
        Assert.True(writer.TryEnqueue(Line(0, 100)));
        await Eventually.Until("the writer waits in its first write", () => output.BlockedWrites == 1, WaitLimit);

        // The line being written still counts against the 1,000 bytes, so 9 more fit.
        var accepted = Enumerable.Range(1, 30).Count(i => writer.TryEnqueue(Line(i, 100)));

        Assert.Equal(9, accepted);
        Assert.Equal(21, writer.DroppedLines);
        output.Open();
        await Eventually.Until("the drop is reported", () => output.FlushedText.Contains("log-lines-dropped", StringComparison.Ordinal), WaitLimit);
        Assert.True(writer.TryEnqueue(Line(31, 100)), "the queue has room again once written");
        await Eventually.Until("the line after the drop is flushed", () => output.FlushedLines().Length == 12, WaitLimit);

        var lines = output.FlushedLines();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => Encoding.ASCII.GetString(Line(i, 100)).TrimEnd('\n')), lines[..10]);
        Assert.Equal(
            "1795341600.000 warn log-lines-dropped Router.Hosting.RouterLogWriter: Dropped 21 log lines because standard output fell behind (21 in total)",
            lines[10]);
        Assert.Equal(Encoding.ASCII.GetString(Line(31, 100)).TrimEnd('\n'), lines[11]);
        Assert.Equal(21, writer.DroppedLines);
    }

    [Fact]
    public async Task Write_ManyLinesQueued_WritesWholeLinesOfAtMostPipeAtomicBytes()
    {
        using var output = new GatedStream();
        var writer = Writer(output, ownsOutput: false);
        Assert.True(writer.TryEnqueue(Line(0, 100)));
        await Eventually.Until("the writer waits in its first write", () => output.BlockedWrites == 1, WaitLimit);
        var expected = new List<byte[]> { Line(0, 100) };
        for (var i = 1; i < 2000; i++)
        {
            // Mostly short lines, a few longer than a pipe's atomic write, one longer than a block.
            var length = i == 1000 ? RouterLogWriter.BlockBytes + 10 : i % 100 == 0 ? 6000 : 150;
            expected.Add(Line(i, length));
            Assert.True(writer.TryEnqueue(expected[^1]));
        }

        output.Open();
        writer.Dispose();

        var writes = output.Writes;
        Assert.Equal(expected.SelectMany(line => line), writes.SelectMany(write => write));
        Assert.All(writes, write =>
        {
            Assert.Equal((byte)'\n', write[^1]);
            Assert.True(write.Length <= RouterLogWriter.PipeAtomicBytes || write.AsSpan(..^1).IndexOf((byte)'\n') < 0, "a long write holds more than one line");
        });
        Assert.True(writes.Length < expected.Count / 10, $"{writes.Length} writes for {expected.Count} lines");
    }

    [Fact]
    public async Task Log_OutputThrows_CallerUnaffectedAndFailuresCounted()
    {
        var output = new ThrowingStream();
        var provider = Provider(output, ownsOutput: true);
        var logger = provider.CreateLogger("Router.Tests");

        for (var i = 0; i < 100; i++)
        {
            LogSequence(logger, 0, i);
        }

        await Eventually.Until("the writer has tried to write", () => provider.FailedWrites > 0, WaitLimit);
        LogSequence(logger, 0, 100);
        provider.Dispose();

        Assert.True(output.Attempts > 0);
        Assert.Equal(0, provider.DroppedLines);
    }

    private static RouterLoggerProvider Provider(Stream output, bool ownsOutput = false) =>
        new(new RouterConsoleFormatterOptions { Rfc3339 = false }, output, ownsOutput, new ManualTimeProvider(Now));

    private static RouterLogWriter Writer(Stream output, bool ownsOutput, long maxQueuedBytes = RouterLogWriter.DefaultMaxQueuedBytes) =>
        new(output, ownsOutput, new RouterConsoleFormatter(new RouterConsoleFormatterOptions { Rfc3339 = false }, new ManualTimeProvider(Now)), maxQueuedBytes);

    /// <summary>A line of exactly <paramref name="length"/> bytes, newline included, that names its number.</summary>
    private static byte[] Line(int number, int length)
    {
        var text = $"line {number} ";
        return Encoding.ASCII.GetBytes(text + new string('x', length - text.Length - 1) + "\n");
    }

    [LoggerMessage(EventId = 1, EventName = "sequence", Level = LogLevel.Information, Message = "thread {Thread} line {Line} end")]
    private static partial void LogSequence(ILogger logger, int thread, int line);
}
