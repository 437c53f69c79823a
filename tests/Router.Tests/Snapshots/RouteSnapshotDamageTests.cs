using System.Text;
using Router.Snapshots;
using Router.Testing;
using Router.Tests.AccessLog;

namespace Router.Tests.Snapshots;

public sealed class RouteSnapshotDamageTests : IDisposable
{
    private readonly SnapshotFiles _files = new();
    private readonly ManualTimeProvider _clock = new();

    [Theory]
    [InlineData("missing", "no snapshot file")]
    [InlineData("empty", "not a route snapshot")]
    [InlineData("garbage", "not a route snapshot")]
    [InlineData("truncated", "checksum")]
    [InlineData("header-only", "checksum")]
    [InlineData("flipped-byte", "checksum")]
    [InlineData("next-version", "format version 2, this router reads version 1")]
    [InlineData("damaged-header", "damaged header")]
    [InlineData("too-old", "longer than droplet_stale_threshold")]
    [InlineData("from-the-future", "in the future")]
    [InlineData("wrong-count", "announces 11 entries and it holds 10")]
    public void Load_DamagedSnapshot_IgnoredWholeWithTheReason(string damage, string reason)
    {
        WriteTenRoutes();
        Damage(damage);
        var table = SnapshotFiles.NewTable(_clock);

        var load = RouteSnapshotReader.Load(table, _files.SnapshotPath, _clock.GetUtcNow(), SnapshotFiles.Threshold);

        Assert.False(load.Loaded);
        Assert.Contains(reason, load.IgnoredReason, StringComparison.Ordinal);
        Assert.Equal(0, table.RouteCount);
    }

    [Fact]
    public void Load_BadEntriesUnderAValidChecksum_SkipsAndCountsThemOnly()
    {
        WriteTenRoutes();
        _files.EditEntries(lines =>
        [
            "nonsense",
            lines[1].Replace("\"port\":61001", "\"port\":70000", StringComparison.Ordinal),
            "1765000000000 {\"host\":\"10.0.0.1\",\"port\":80,\"uris\":[]}",
            "-5 " + lines[3][(lines[3].IndexOf(' ', StringComparison.Ordinal) + 1)..],
            .. lines[4..],
        ]);
        var table = SnapshotFiles.NewTable(_clock);

        var load = RouteSnapshotReader.Load(table, _files.SnapshotPath, _clock.GetUtcNow(), SnapshotFiles.Threshold);

        Assert.True(load.Loaded, load.IgnoredReason);
        Assert.Equal((6, 4), (load.Restored, load.Skipped));
        Assert.Equal(6, table.RouteCount);
    }

    [Fact]
    public void KeeperLoad_CorruptSnapshot_LogsOneWarningOnOneLine()
    {
        WriteTenRoutes();
        Damage("flipped-byte");
        var logger = new ListLogger();
        var table = SnapshotFiles.NewTable(_clock);
        var keeper = new RouteSnapshotKeeper(table, _files.SnapshotPath, TimeSpan.FromSeconds(5), pruneAfterLoad: true, _clock, new Logger(logger));

        keeper.Load();

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(("route-snapshot-ignored", Microsoft.Extensions.Logging.LogLevel.Warning), (entry.EventName, entry.Level));
        Assert.Contains("checksum mismatch", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', entry.Message);
    }

    [Fact]
    public void KeeperLoad_EntriesStaleWhileTheRouterWasDown_PrunedAtOnce()
    {
        var before = SnapshotFiles.NewTable(_clock);
        before.Register(SnapshotFiles.FullRegistration(1, "old.example.com"));
        _clock.Advance(TimeSpan.FromSeconds(100));
        before.Register(SnapshotFiles.FullRegistration(3, "fresh.example.com"));
        RouteSnapshotWriter.Write(before, _files.SnapshotPath, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(30));
        var logger = new ListLogger();
        var table = SnapshotFiles.NewTable(_clock);

        var load = new RouteSnapshotKeeper(table, _files.SnapshotPath, TimeSpan.FromSeconds(5), pruneAfterLoad: true, _clock, new Logger(logger)).Load();

        Assert.Equal(2, load.Restored);
        Assert.Null(table.Lookup("old.example.com", "/"));
        Assert.NotNull(table.Lookup("fresh.example.com", "/"));
        Assert.Contains(logger.Entries, e => e.EventName == "route-snapshot-loaded" && e.Message.Contains("1 pruned as stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeeperSave_TableUnchangedSinceLoad_WritesNothing()
    {
        WriteTenRoutes();
        var table = SnapshotFiles.NewTable(_clock);
        await using var keeper = new RouteSnapshotKeeper(table, _files.SnapshotPath, TimeSpan.FromSeconds(5), pruneAfterLoad: true, _clock, new Logger(new ListLogger()));
        keeper.Load();
        File.Delete(_files.SnapshotPath);

        await keeper.SaveAsync();
        Assert.False(File.Exists(_files.SnapshotPath));
        table.Register(SnapshotFiles.FullRegistration(99, "new.example.com"));
        await keeper.SaveAsync();

        Assert.Equal(11, keeper.LastSavedEntries);
        Assert.True(File.Exists(_files.SnapshotPath));
        Assert.Empty(Directory.GetFiles(_files.Folder, "*.tmp"));
    }

    [Fact]
    public async Task KeeperSave_DirectoryGone_LoggedCountedAndTriedAgainLater()
    {
        var logger = new ListLogger();
        var table = SnapshotFiles.NewTable(_clock);
        await using var keeper = new RouteSnapshotKeeper(table, _files.SnapshotPath, TimeSpan.FromSeconds(5), pruneAfterLoad: true, _clock, new Logger(logger));
        keeper.Load();
        table.Register(SnapshotFiles.FullRegistration(1, "app.example.com"));
        Directory.Delete(_files.Folder, recursive: true);

        await keeper.SaveAsync();
        Directory.CreateDirectory(_files.Folder);
        await keeper.SaveAsync();

        Assert.Equal(1, keeper.FailedSaves);
        Assert.Equal(1, logger.Count("route-snapshot-save-failed"));
        Assert.Equal(1, keeper.LastSavedEntries);
        Assert.True(File.Exists(_files.SnapshotPath));
    }

    [Fact]
    public async Task KeeperStart_TableChanges_SavedByTheBackgroundLoop()
    {
        var table = SnapshotFiles.NewTable(_clock);
        await using var keeper = new RouteSnapshotKeeper(table, _files.SnapshotPath, TimeSpan.FromSeconds(5), pruneAfterLoad: true, _clock, new Logger(new ListLogger()));
        keeper.Load();
        keeper.Start();
        table.Register(SnapshotFiles.FullRegistration(1, "app.example.com"));

        await Eventually.Until("loop timer armed", () => _clock.ActiveTimers > 0);
        _clock.Advance(TimeSpan.FromSeconds(5));

        await Eventually.Until("snapshot saved", () => keeper.LastSavedEntries == 1);
        var reloaded = SnapshotFiles.NewTable(_clock);
        Assert.Equal(1, RouteSnapshotReader.Load(reloaded, _files.SnapshotPath, _clock.GetUtcNow(), SnapshotFiles.Threshold).Restored);
    }

    public void Dispose() => _files.Dispose();

    private void WriteTenRoutes()
    {
        var table = SnapshotFiles.NewTable(_clock);
        for (var i = 0; i < 10; i++)
        {
            table.Register(SnapshotFiles.FullRegistration(i, $"app{i}.example.com"));
        }

        RouteSnapshotWriter.Write(table, _files.SnapshotPath, _clock.GetUtcNow());
    }

    private void Damage(string damage)
    {
        var path = _files.SnapshotPath;
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "missing":
                File.Delete(path);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "garbage":
                File.WriteAllText(path, "{\"routes\": \"not this format\"}\n");
                break;
            case "truncated":
                File.WriteAllBytes(path, bytes[..^100]);
                break;
            case "header-only":
                File.WriteAllBytes(path, bytes[..RouteSnapshotFormat.HeaderLength]);
                break;
            case "flipped-byte":
                bytes[^50] ^= 0x20;
                File.WriteAllBytes(path, bytes);
                break;
            case "next-version":
                File.WriteAllBytes(path, Encoding.ASCII.GetBytes("route-snapshot v2 written_at=1 entries=1 crc32=0\n{}\n"));
                break;
            case "damaged-header":
                bytes[RouteSnapshotFormat.HeaderLength - 5] = (byte)'z';
                File.WriteAllBytes(path, bytes);
                break;
            case "too-old":
                _clock.Advance(SnapshotFiles.Threshold + TimeSpan.FromSeconds(1));
                break;
            case "from-the-future":
                RewriteHeader(bytes, h => h with { WrittenAtMs = h.WrittenAtMs + 121_000 });
                break;
            case "wrong-count":
                RewriteHeader(bytes, h => h with { Entries = 11 });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage));
        }
    }

    private void RewriteHeader(byte[] bytes, Func<RouteSnapshotHeader, RouteSnapshotHeader> change)
    {
        Assert.True(RouteSnapshotFormat.TryParseHeader(bytes, out var header, out _));
        File.WriteAllBytes(_files.SnapshotPath, [.. RouteSnapshotFormat.FormatHeader(change(header)), .. bytes[RouteSnapshotFormat.HeaderLength..]]);
    }

    private sealed class Logger(ListLogger inner) : Microsoft.Extensions.Logging.ILogger<RouteSnapshotKeeper>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
