using BenchmarkDotNet.Attributes;
using RouteRegistry;
using Router.Snapshots;

namespace Benchmarks;

/// <summary>
/// The route snapshot (<c>route_snapshot_file</c>) of a 100,000-route table with two endpoints per route: writing
/// the file (in the background while the router runs, and on stop), and restoring it into an empty table (at
/// start-up, before the proxy listener opens).
/// </summary>
[MemoryDiagnoser]
public class RouteSnapshotBenchmarks
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "route-snapshot-bench-" + Environment.ProcessId);
    private RouteTable _table = null!;
    private string _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_folder);
        _path = Path.Combine(_folder, "routes.snapshot");
        _table = RouteTableData.BuildTable();
        RouteSnapshotWriter.Write(_table, _path, DateTimeOffset.UtcNow);
        Console.WriteLine($"// snapshot of {_table.EndpointCount} endpoints: {new FileInfo(_path).Length / (1024 * 1024)} MiB");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public int Write() => RouteSnapshotWriter.Write(_table, _path, DateTimeOffset.UtcNow);

    /// <summary>The part of <see cref="Load"/> that reads the file and decodes its messages, without the table.</summary>
    [Benchmark]
    public int Decode()
    {
        var body = File.ReadAllBytes(_path).AsSpan(RouteSnapshotFormat.HeaderLength);
        var decoded = 0;
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'\n');
            var line = body[..end];
            if (RouteMessages.RegistrationMessageParser.TryParse(line[(line.IndexOf((byte)' ') + 1)..], out _, out _))
            {
                decoded++;
            }

            body = body[(end + 1)..];
        }

        return decoded;
    }

    [Benchmark]
    public int Load()
    {
        var table = new RouteTable(new RouteTableOptions(), TimeProvider.System);
        var load = RouteSnapshotReader.Load(table, _path, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
        return load.Loaded ? load.Restored : throw new InvalidOperationException(load.IgnoredReason);
    }
}
