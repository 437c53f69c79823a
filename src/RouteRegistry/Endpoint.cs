using System.Globalization;

namespace RouteRegistry;

/// <summary>
/// One backend of one route, identified within the route by <c>host:port</c> with the effective port (gorouter.md
/// §2.4). The registration data never changes after creation; a re-registration with different data replaces the
/// object. Only the in-flight counter, the freshness timestamp, the round-robin failure mark and
/// <see cref="RouterState"/> change, atomically.
/// </summary>
public sealed class Endpoint
{
    private const long NotMarked = long.MinValue;

    private string? _address;
    private string? _baseUri;
    private object? _routerState;
    private int _inFlight;
    private long _lastSeen;
    private long _failedAt = NotMarked;

    internal Endpoint(EndpointTemplate template, IReadOnlyDictionary<string, string> tags, long now)
    {
        Host = template.Host;
        Port = template.Port;
        IsTls = template.IsTls;
        ApplicationId = template.ApplicationId;
        PrivateInstanceId = template.PrivateInstanceId;
        PrivateInstanceIndex = template.PrivateInstanceIndex;
        ServerCertDomainSan = template.ServerCertDomainSan;
        RouteServiceUrl = template.RouteServiceUrl;
        Tags = tags;
        Component = tags.TryGetValue("component", out var component) ? component : "";
        IsolationSegment = template.IsolationSegment;
        StaleThreshold = template.StaleThreshold;
        Protocol = template.Protocol;
        AvailabilityZone = template.AvailabilityZone;
        UpdatedAtNs = template.UpdatedAtNs;
        LoadBalancingOption = template.LoadBalancingOption;
        _lastSeen = now;
    }

    /// <summary>Backend host or IP address as registered.</summary>
    public string Host { get; }

    /// <summary>The effective port: the TLS port when one was registered, else the plain port.</summary>
    public int Port { get; }

    /// <summary>True when the endpoint was registered with a <c>tls_port</c> and is dialled with TLS.</summary>
    public bool IsTls { get; }

    /// <summary><c>host:port</c>, the endpoint's identity within its route.</summary>
    public string Address => _address ??= Backend.ToString();

    /// <summary><see cref="Address"/> as a log value that builds no string.</summary>
    internal BackendAddress Backend => new(Host, Port);

    /// <summary><c>http://host:port</c> or <c>https://host:port</c>; IPv6 literals are bracketed.</summary>
    public string BaseUri => _baseUri ??= string.Concat(
        IsTls ? "https://" : "http://",
        Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? "[" + Host + "]" : Host,
        ":",
        Port.ToString(CultureInfo.InvariantCulture));

    /// <summary>Application GUID (<c>app</c>).</summary>
    public string ApplicationId { get; }

    /// <summary>Instance GUID (<c>private_instance_id</c>), possibly empty.</summary>
    public string PrivateInstanceId { get; }

    /// <summary>Instance index (<c>private_instance_index</c>), possibly empty.</summary>
    public string PrivateInstanceIndex { get; }

    /// <summary>The instance id, or <see cref="Address"/> when none was registered (<c>X-CF-InstanceID</c>, <c>__VCAP_ID__</c>).</summary>
    public string InstanceIdOrAddress => PrivateInstanceId.Length > 0 ? PrivateInstanceId : Address;

    /// <summary>Name expected in the backend's certificate, also sent as SNI.</summary>
    public string ServerCertDomainSan { get; }

    /// <summary>Route service URL this endpoint was registered with.</summary>
    public string RouteServiceUrl { get; }

    /// <summary>Registration tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The <c>component</c> tag, or empty (metric suffixes).</summary>
    public string Component { get; }

    /// <summary>Isolation segment.</summary>
    public string IsolationSegment { get; }

    /// <summary>Time to live without a heartbeat, already capped by the table's stale threshold.</summary>
    public TimeSpan StaleThreshold { get; }

    /// <summary>Backend protocol: <c>http1</c>, <c>http2</c> or another registered value (treated as HTTP/1.1).</summary>
    public string Protocol { get; }

    /// <summary>Availability zone, possibly empty.</summary>
    public string AvailabilityZone { get; }

    /// <summary><c>endpoint_updated_at_ns</c> as registered (nanoseconds since the Unix epoch, 0 if absent).</summary>
    public long UpdatedAtNs { get; }

    /// <summary>The <c>options.loadbalancing</c> value registered with this endpoint, or null.</summary>
    public string? LoadBalancingOption { get; }

    /// <summary>Requests in flight to this endpoint on this route (for <c>max_conns</c> and least-connection).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// A slot the router may use to cache per-endpoint data, such as a metrics cell or a prepared URI. This library
    /// never reads it. A replaced endpoint starts with an empty slot.
    /// </summary>
    public object? RouterState
    {
        get => Volatile.Read(ref _routerState);
        set => Volatile.Write(ref _routerState, value);
    }

    /// <summary>The freshness timestamp (<see cref="TimeProvider.GetTimestamp"/> units) of the last registration.</summary>
    internal long LastSeen => Volatile.Read(ref _lastSeen);

    internal bool IsMarkedFailed => Volatile.Read(ref _failedAt) != NotMarked;

    /// <summary>
    /// Increments the in-flight counter unless <paramref name="maxConns"/> is positive and already reached.
    /// </summary>
    /// <returns>True when the caller now holds a slot and must call <see cref="Release"/>.</returns>
    public bool TryAcquire(int maxConns)
    {
        if (maxConns <= 0)
        {
            Interlocked.Increment(ref _inFlight);
            return true;
        }

        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current >= maxConns)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a slot taken by <see cref="TryAcquire"/> (or by <see cref="EndpointPool.Select"/>).</summary>
    public void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>True when <paramref name="maxConns"/> is positive and the in-flight counter has reached it.</summary>
    public bool IsAtLimit(int maxConns) => maxConns > 0 && Volatile.Read(ref _inFlight) >= maxConns;

    /// <inheritdoc />
    public override string ToString() => Address;

    internal void Touch(long now) => Volatile.Write(ref _lastSeen, now);

    internal void MarkFailed(long now) => Volatile.Write(ref _failedAt, now == NotMarked ? now + 1 : now);

    /// <summary>Clears an expired failure mark; returns true when the endpoint is (still) marked.</summary>
    internal bool CheckFailureMark(TimeProvider time, ref long now, TimeSpan markDuration)
    {
        var failedAt = Volatile.Read(ref _failedAt);
        if (failedAt == NotMarked)
        {
            return false;
        }

        if (now == NotMarked)
        {
            now = time.GetTimestamp();
        }

        if (time.GetElapsedTime(failedAt, now) > markDuration)
        {
            // Only clear the mark that was read; a newer failure recorded meanwhile stays.
            Interlocked.CompareExchange(ref _failedAt, NotMarked, failedAt);
            return false;
        }

        return true;
    }

    internal void ClearFailureMark() => Volatile.Write(ref _failedAt, NotMarked);

    /// <summary>The value <see cref="CheckFailureMark"/> expects for "clock not read yet".</summary>
    internal static long ClockNotRead => NotMarked;
}
