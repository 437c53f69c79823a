using System.IO.Hashing;
using System.Text;
using RouteMessages;
using RouteRegistry;
using Router.Snapshots;

namespace Router.Tests.Snapshots;

/// <summary>Route tables with every registration field set, and snapshot files made from them and then damaged.</summary>
internal sealed class SnapshotFiles : IDisposable
{
    public SnapshotFiles()
    {
        Directory.CreateDirectory(Folder);
    }

    public static TimeSpan Threshold => TimeSpan.FromSeconds(120);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "route-snapshot-tests-" + Guid.NewGuid().ToString("N"));

    public string SnapshotPath => Path.Combine(Folder, "routes.snapshot");

    public static RouteTable NewTable(TimeProvider time) =>
        new(new RouteTableOptions { DropletStaleThreshold = Threshold }, time);

    /// <summary>A registration with every field routing uses set to a value other than its default.</summary>
    public static RegistrationMessage FullRegistration(int i, string uri) => new()
    {
        Host = $"10.0.{i / 250}.{(i % 250) + 1}",
        Port = 61000 + i,
        TlsPort = i % 2 == 0 ? 61443 + i : 0,
        Uris = [uri],
        App = $"app-{i}",
        PrivateInstanceId = Guid.NewGuid().ToString(),
        PrivateInstanceIndex = (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ServerCertDomainSan = $"san-{i}.internal",
        RouteServiceUrl = i % 3 == 0 ? "https://rs.example.com/check" : "",
        Tags = new Dictionary<string, string> { ["component"] = "route-emitter", ["process_id"] = $"p{i}" },
        IsolationSegment = "",
        StaleThresholdInSeconds = i % 4 == 0 ? 60 : 0,
        EndpointUpdatedAtNs = 1_700_000_000_000_000_000 + i,
        Protocol = i % 5 == 0 ? "http2" : "http1",
        Options = i % 6 == 0
            ? new RegistrationMessageOptions { LoadBalancing = "hash", HashHeader = "X-Tenant", HashBalance = 1.25 }
            : new RegistrationMessageOptions { LoadBalancing = i % 6 == 1 ? "least-connection" : "" },
        AvailabilityZone = $"z{i % 3}",
    };

    /// <summary>Every endpoint of <paramref name="table"/> as the JSON of its registration, with its age, sorted.</summary>
    public static List<string> Describe(RouteTable table, DateTimeOffset now) =>
        [.. table.Snapshot()
            .SelectMany(route => route.Endpoints.ToArray().Select(e =>
                $"{(now - table.LastUpdated(e)).TotalSeconds:0.000} "
                + Encoding.UTF8.GetString(RegistrationMessageParser.Serialize(table.ToRegistrationMessage(route.Key, e)))))
            .Order(StringComparer.Ordinal)];

    /// <summary>Rewrites the file's entries through <paramref name="edit"/>, keeping a valid header and checksum.</summary>
    public void EditEntries(Func<string[], string[]> edit)
    {
        var bytes = File.ReadAllBytes(SnapshotPath);
        Assert.True(RouteSnapshotFormat.TryParseHeader(bytes, out var header, out _));
        var lines = Encoding.UTF8.GetString(bytes, RouteSnapshotFormat.HeaderLength, bytes.Length - RouteSnapshotFormat.HeaderLength)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines = edit(lines);
        var body = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        var fixedHeader = RouteSnapshotFormat.FormatHeader(header with { Entries = lines.Length, Crc32 = Crc32.HashToUInt32(body) });
        File.WriteAllBytes(SnapshotPath, [.. fixedHeader, .. body]);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
