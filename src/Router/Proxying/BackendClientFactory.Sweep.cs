namespace Router.Proxying;

/// <summary>
/// Forgetting the clients of TLS endpoints that are gone. Instance ids change with every restart of an app instance,
/// so without this the per-name clients would pile up over the life of the router. A client unused for
/// <see cref="UnusedTlsClientLifetime"/> holds no connection any more (idle ones close after 90 s), so dropping
/// it loses nothing; it is not disposed, so a request that picked it up a moment before still completes, and the
/// collector reclaims it afterwards. An instance that comes back gets a fresh client.
/// </summary>
internal sealed partial class BackendClientFactory
{
    /// <summary>How long a TLS client may go unused before it is forgotten.</summary>
    public static readonly TimeSpan UnusedTlsClientLifetime = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly ITimer _sweep;
    private readonly long _touchGranularity;

    /// <summary>Number of TLS clients held, one per expected certificate name.</summary>
    public int TlsClientCount => _tlsBySan.Count;

    private void ForgetUnusedTlsClients()
    {
        var now = _time.GetTimestamp();
        foreach (var (name, client) in _tlsBySan)
        {
            if (_time.GetElapsedTime(client.LastUsed, now) > UnusedTlsClientLifetime)
            {
                _tlsBySan.TryRemove(new KeyValuePair<string, TlsClient>(name, client));
            }
        }
    }

    /// <summary>The client of one expected certificate name and when a request last took it.</summary>
    private sealed class TlsClient(HttpMessageInvoker invoker)
    {
        private long _lastUsed;

        public HttpMessageInvoker Invoker { get; } = invoker;

        public long LastUsed => Volatile.Read(ref _lastUsed);

        /// <summary>
        /// Notes a use at <paramref name="timestamp"/>. No lock; and a write at most once per
        /// <paramref name="granularity"/>, so requests to one busy instance on several cores do not keep taking the
        /// cache line from each other: the sweep needs minutes, not ticks.
        /// </summary>
        public void Touch(long timestamp, long granularity)
        {
            if (timestamp - Volatile.Read(ref _lastUsed) > granularity)
            {
                Volatile.Write(ref _lastUsed, timestamp);
            }
        }
    }
}
