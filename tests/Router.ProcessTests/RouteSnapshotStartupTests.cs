using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// <c>route_snapshot_file</c> at start-up: a path the router could not save to stops it as any bad key does, and a
/// snapshot it cannot trust is ignored with one warning while the router starts (docs/operations.md "Restarts without
/// a 404 window").
/// </summary>
public sealed class RouteSnapshotStartupTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Start_SnapshotDirectoryMissing_ExitsOneNamingTheKey()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "routes.snapshot");
        await using var router = await RouterProcess.StartAsync(
            new() { NatsPort = FreePort.Next(), ExtraYaml = $"route_snapshot_file: {path}", WaitUntilHealthy = false }, output);

        Assert.Equal(1, await router.WaitForExitAsync(ExitTimeout));
        Assert.Contains("Error loading config", router.StandardError, StringComparison.Ordinal);
        Assert.Contains("route_snapshot_file: directory", router.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CorruptSnapshot_StartsWithOneWarningOnOneLine()
    {
        await using var nats = await NatsServerProcess.StartNewAsync();
        var path = Path.Combine(Path.GetTempPath(), "corrupt-" + Guid.NewGuid().ToString("N") + ".snapshot");
        await File.WriteAllTextAsync(path, "route-snapshot v1 written_at=000000000000001 entries=0000000001 crc32=00000000\n\u001b[31mforged\n");
        try
        {
            await using var router = await RouterProcess.StartAsync(new() { Nats = nats, ExtraYaml = $"route_snapshot_file: {path}" }, output);

            var warnings = router.StandardOutput.Split('\n').Where(l => l.Contains("route-snapshot-ignored", StringComparison.Ordinal)).ToList();
            var warning = Assert.Single(warnings);
            Assert.Contains("checksum", warning, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
