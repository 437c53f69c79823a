using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Router.AccessLog;
using Router.Configuration;

namespace Router.Tests.AccessLog;

public sealed class AccessLogWriterTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("accesslog-").FullName;

    private string LogPath => Path.Combine(_directory, "access.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DisposeAsync_AfterManyWrites_EveryRecordIsInTheFileInOrder()
    {
        var writer = FileWriter();
        writer.Start();
        for (var i = 0; i < 2000; i++)
        {
            Write(writer, $"/item/{i}");
        }

        await writer.DisposeAsync();

        var lines = File.ReadAllLines(LogPath);
        Assert.Equal(2000, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            Assert.StartsWith("app.example.com - [", lines[i], StringComparison.Ordinal);
            Assert.Contains($"\"GET /item/{i} HTTP/1.1\" 404 ", lines[i], StringComparison.Ordinal);
        }

        Assert.Equal(0, writer.DroppedRecords);
    }

    [Fact]
    public async Task Write_QueueFull_DropsAndCountsWithoutBlocking()
    {
        var writer = FileWriter(capacity: 4);
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            Write(writer, $"/item/{i}");
        }

        elapsed.Stop();
        Assert.Equal(6, writer.DroppedRecords);
        Assert.True(elapsed.Elapsed < WaitLimit, $"writes took {elapsed.Elapsed}");

        writer.Start();
        await writer.DisposeAsync();
        Assert.Equal(4, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public async Task Start_AfterDrops_LogsDroppedCountOnce()
    {
        var logger = new ListLogger();
        var writer = new AccessLogWriter(Options(LogPath), logger, capacity: 1, rotationCheckInterval: TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            Write(writer, $"/item/{i}");
        }

        writer.Start();
        await writer.DisposeAsync();

        var entry = Assert.Single(logger.Entries, e => e.EventName == "access-log-records-dropped");
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("Dropped 2 access log records", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_AfterDispose_CountedAsDropped()
    {
        var writer = FileWriter();
        writer.Start();
        await writer.DisposeAsync();

        Write(writer, "/late");

        Assert.Equal(1, writer.DroppedRecords);
        Assert.Empty(File.ReadAllLines(LogPath));
    }

    [Fact]
    public async Task Start_ExistingFile_AppendsAfterItsContent()
    {
        File.WriteAllText(LogPath, "earlier line\n");
        var writer = FileWriter();
        writer.Start();
        Write(writer, "/new");
        await writer.DisposeAsync();

        var lines = File.ReadAllLines(LogPath);
        Assert.Equal("earlier line", lines[0]);
        Assert.Contains("\"GET /new HTTP/1.1\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Start_DirectoryMissing_Throws()
    {
        var writer = new AccessLogWriter(Options(Path.Combine(_directory, "missing", "access.log")), NullLogger.Instance);

        Assert.ThrowsAny<IOException>(writer.Start);
    }

    [Fact]
    public async Task Write_FileRenamedAway_NewFileCreatedAtPath()
    {
        var writer = FileWriter();
        writer.Start();
        Write(writer, "/before");
        await WaitForLinesAsync(LogPath, 1);

        File.Move(LogPath, LogPath + ".1");
        Write(writer, "/after");
        await WaitForLinesAsync(LogPath, 1);
        await writer.DisposeAsync();

        Assert.Contains("/before", Assert.Single(File.ReadAllLines(LogPath + ".1")), StringComparison.Ordinal);
        Assert.Contains("/after", Assert.Single(File.ReadAllLines(LogPath)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_FileTruncatedInPlace_ContinuesAtStartWithoutHole()
    {
        var writer = FileWriter();
        writer.Start();
        Write(writer, "/before");
        await WaitForLinesAsync(LogPath, 1);

        using (new FileStream(LogPath, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
        }

        Write(writer, "/after");
        await writer.DisposeAsync();

        var content = File.ReadAllText(LogPath);
        Assert.DoesNotContain('\0', content);
        Assert.Contains("/after", Assert.Single(content.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void IsEnabled_FileOrStdout_True()
    {
        Assert.False(AccessLogWriter.IsEnabled(new RouterOptions()));
        Assert.True(AccessLogWriter.IsEnabled(Options("access.log")));
        Assert.True(AccessLogWriter.IsEnabled(new RouterOptions { AccessLog = new AccessLogOptions { Stdout = true } }));
    }

    private AccessLogWriter FileWriter(int capacity = AccessLogWriter.DefaultCapacity) =>
        new(Options(LogPath), NullLogger.Instance, capacity, rotationCheckInterval: TimeSpan.Zero);

    private static RouterOptions Options(string file) => new() { AccessLog = new AccessLogOptions { File = file } };

    /// <summary>A router-answered 404, the path that needs no route table.</summary>
    private static void Write(AccessLogWriter writer, string target)
    {
        var context = AccessLogCaptureTests.Request("GET", target);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.Headers["X-Cf-Routererror"] = "unknown_route";
        var start = Stopwatch.GetTimestamp();
        writer.Write(context, null, null, start, Stopwatch.GetTimestamp(), 0);
    }

    private static async Task WaitForLinesAsync(string path, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(path) || File.ReadAllLines(path).Length < count)
        {
            Assert.True(deadline.Elapsed < WaitLimit, $"{path} did not reach {count} lines within {WaitLimit}");
            await Task.Delay(10);
        }
    }
}
