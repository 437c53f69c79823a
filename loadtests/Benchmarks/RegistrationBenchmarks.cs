using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using RouteRegistry;
using RouteMessages;
using Router.Hosting;

namespace Benchmarks;

/// <summary>
/// Processing of registration messages: heartbeats of known endpoints into a 100,000-route table (the steady state:
/// every endpoint re-registers every 20 s), new routes, message parsing, and one prune pass over the full table.
/// </summary>
[MemoryDiagnoser]
public class RegistrationBenchmarks
{
    private const int Batch = 1_024;
    private const int NewRoutes = 10_000;

    private static readonly byte[] SpecExample = Encoding.UTF8.GetBytes("""
        {"host":"10.0.1.11","port":61002,"tls_port":61006,"protocol":"http1",
         "uris":["app.example.com","app.example.com/api"],"app":"6b3c5f3e-4a2f-4d0e-9a61-2d1f0f6e9b11",
         "private_instance_id":"0d7f4e6a-1c55-4a8e-8f0e-7d3c2b1a0e99","private_instance_index":"0",
         "server_cert_domain_san":"0d7f4e6a-1c55-4a8e-8f0e-7d3c2b1a0e99","isolation_segment":"",
         "stale_threshold_in_seconds":120,"endpoint_updated_at_ns":1714000000000000000,
         "tags":{"component":"route-emitter","process_id":"6b3c5f3e-4a2f-4d0e-9a61-2d1f0f6e9b11"},
         "availability_zone":"z1","options":{"loadbalancing":"least-connection"}}
        """);

    private RouteTable _table = null!;
    private RegistrationMessage[] _heartbeats = null!;
    private RegistrationMessage[] _newRoutes = null!;
    private RouteTable _pruneTable = null!;
    private RouterLoggerProvider _logProvider = null!;
    private LoggerFactory _logFactory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = RouteTableData.BuildTable();

        // Re-enumerating the seeded messages gives copies identical to the registered ones, i.e. heartbeats.
        var all = RouteTableData.Messages().ToArray();
        var pick = new Random(3);
        _heartbeats = new RegistrationMessage[Batch];
        for (var i = 0; i < Batch; i++)
        {
            _heartbeats[i] = all[pick.Next(all.Length)];
        }

        if (_table.Register(_heartbeats[0]).Unmodified != 1)
        {
            throw new InvalidOperationException("Heartbeat replay does not match the registered endpoints.");
        }

        // Plain-HTTP endpoints, so that the pass checks every endpoint's age (TLS endpoints are skipped).
        _pruneTable = new RouteTable(new RouteTableOptions(), new FrozenClock());
        foreach (var message in RouteTableData.Messages())
        {
            message.TlsPort = 0;
            _pruneTable.Register(message);
        }

        // The router's own console logger at info, writing to nowhere: two lines per new route.
        _logProvider = new RouterLoggerProvider(new RouterConsoleFormatterOptions(), Stream.Null, ownsOutput: false);
        _logFactory = new LoggerFactory([_logProvider]);

        var random = new Random(9);
        _newRoutes = new RegistrationMessage[NewRoutes];
        for (var i = 0; i < NewRoutes; i++)
        {
            _newRoutes[i] = RouteTableData.Message(i, 0, $"new{i}.apps.example.com", RouteTableData.NewGuid(random), random);
        }
    }

    /// <summary>An identical re-registration: only the endpoint's freshness changes.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int Heartbeat()
    {
        var unmodified = 0;
        foreach (var message in _heartbeats)
        {
            unmodified += _table.Register(message).Unmodified;
        }

        return unmodified;
    }

    /// <summary>New routes into an empty table (route, pool, trie node and endpoint created).</summary>
    [Benchmark(OperationsPerInvoke = NewRoutes)]
    public int NewRoute()
    {
        var table = new RouteTable(new RouteTableOptions(), TimeProvider.System);
        var added = 0;
        foreach (var message in _newRoutes)
        {
            added += table.Register(message).Added;
        }

        return added;
    }

    /// <summary>
    /// <see cref="NewRoute"/> with the router's console logger at <c>info</c>: route-registered and
    /// endpoint-registered formatted and queued per route (written by the logger's own thread, not measured here).
    /// </summary>
    [Benchmark(OperationsPerInvoke = NewRoutes)]
    public int NewRouteLogged()
    {
        var table = new RouteTable(new RouteTableOptions(), TimeProvider.System, _logFactory.CreateLogger<RouteTable>());
        var added = 0;
        foreach (var message in _newRoutes)
        {
            added += table.Register(message).Added;
        }

        return added;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _logFactory.Dispose();
        _logProvider.Dispose();
    }

    /// <summary>Decoding the docs/gorouter-compatibility.md §1.3 example payload.</summary>
    [Benchmark]
    public RegistrationMessage? Parse() =>
        RegistrationMessageParser.TryParse(SpecExample, out var message, out _) ? message : null;

    /// <summary>One prune pass over 100,000 routes with nothing stale: how long the write lock is held.</summary>
    [Benchmark]
    public PruneResult PruneNothingStale() => _pruneTable.PruneStaleEndpoints();

    /// <summary>A clock that never moves, so the prune benchmark's plain-HTTP endpoints never turn stale.</summary>
    private sealed class FrozenClock : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }
}
