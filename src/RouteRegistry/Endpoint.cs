using System.Globalization;

namespace RouteRegistry;

/// <summary>
/// One backend of one route, identified within the route by <c>host:port</c> with the effective port (docs/gorouter-compatibility.md
/// §2.4). The registration data never changes after creation; a re-registration with different data replaces the
/// object. Only the in-flight counter, the freshness timestamp and the round-robin failure mark change, atomically.
/// </summary>
public sealed class Endpoint
{
    /// <summary>
    /// Characters of a buffer for the <c>Format…</c> methods that holds an instance GUID and the host:port of any IP
    /// address, so that none of them builds a string; a longer host name is built instead.
    /// </summary>
    public const int FormatBufferLength = 64;

    private const long NotMarked = long.MinValue;

    // Fields most endpoints have in common live in one shared object; the instance and app ids are stored as 16 bytes
    // each when they are GUIDs. An endpoint keeps no string built from these: the request URI, the access log and the
    // listings write them where they are used, and the X-CF-InstanceID and X-CF-ApplicationID values are built per
    // request, so an endpoint costs the same whether it carries traffic or not (kept id strings would add about
    // 18 MB to 200,000 endpoints in use, and an app GUID string per app about 9 MB to 100,000 apps).
    private readonly EndpointSettings _settings;
    private readonly CompactId _instanceId;
    private readonly CompactId _applicationId;
    private readonly int _instanceIndex;
    private int _inFlight;
    private long _lastSeen;
    private long _failedAt = NotMarked;
    private int _failures;

    internal Endpoint(EndpointTemplate template, EndpointTags tags, long now)
    {
        Host = template.Host;
        Port = template.Port;
        _applicationId = template.AppId;
        _instanceId = CompactId.From(template.PrivateInstanceId);
        _instanceIndex = template.InstanceIndexNumber;
        Tags = tags;
        UpdatedAtNs = template.UpdatedAtNs;
        _settings = template.Settings;
        _lastSeen = now;
    }

    /// <summary>Backend host or IP address as registered.</summary>
    public string Host { get; }

    /// <summary>The effective port: the TLS port when one was registered, else the plain port.</summary>
    public int Port { get; }

    /// <summary>True when the endpoint was registered with a <c>tls_port</c> and is dialled with TLS.</summary>
    public bool IsTls => _settings.IsTls;

    /// <summary><c>host:port</c>, the endpoint's identity within its route; built on each call (see <see cref="FormatAddress"/>).</summary>
    public string Address => Backend.ToString();

    /// <summary><see cref="Address"/> as a log value that builds no string.</summary>
    public BackendAddress Backend => new(Host, Port);

    /// <summary>
    /// <c>http://host:port</c> or <c>https://host:port</c>; IPv6 literals are bracketed. Built on each call (see
    /// <see cref="FormatBaseUri"/>).
    /// </summary>
    public string BaseUri => FormatBaseUri(stackalloc char[FormatBufferLength]).ToString();

    /// <summary>
    /// Application GUID (<c>app</c>), possibly empty; built on each call when it is stored as a GUID (see
    /// <see cref="FormatApplicationId"/>).
    /// </summary>
    public string ApplicationId => _applicationId.Text ?? _applicationId.ToString();

    /// <summary><see cref="ApplicationId"/> as a log value that builds no string.</summary>
    public CompactId AppId => _applicationId;

    /// <summary>
    /// Instance GUID (<c>private_instance_id</c>), possibly empty; built on each call when it is stored as a GUID (see
    /// <see cref="FormatInstanceId"/>).
    /// </summary>
    public string PrivateInstanceId => _instanceId.Text ?? _instanceId.ToString();

    /// <summary><see cref="PrivateInstanceId"/> as a log value that builds no string.</summary>
    public CompactId InstanceId => _instanceId;

    /// <summary>Instance index (<c>private_instance_index</c>), possibly empty.</summary>
    public string PrivateInstanceIndex =>
        _instanceIndex == RouteRegistry.InstanceIndex.Text ? _settings.InstanceIndexText! : RouteRegistry.InstanceIndex.ToText(_instanceIndex);

    /// <summary>True when <paramref name="index"/> is this endpoint's <see cref="PrivateInstanceIndex"/>; builds no string.</summary>
    internal bool InstanceIndexEquals(ReadOnlySpan<char> index) =>
        _instanceIndex == RouteRegistry.InstanceIndex.Text
            ? index.SequenceEqual(_settings.InstanceIndexText)
            : RouteRegistry.InstanceIndex.From(index) == _instanceIndex;

    /// <summary>
    /// The instance id, or <see cref="Address"/> when none was registered (<c>X-CF-InstanceID</c>, <c>__VCAP_ID__</c>);
    /// built on each call unless the id is stored as text.
    /// </summary>
    public string InstanceIdOrAddress => _instanceId.IsEmpty ? Address : PrivateInstanceId;

    /// <summary>Name expected in the backend's certificate, also sent as SNI.</summary>
    public string ServerCertDomainSan => _settings.ServerCertDomainSan ?? PrivateInstanceId;

    /// <summary>Route service URL this endpoint was registered with.</summary>
    public string RouteServiceUrl => _settings.RouteServiceUrl;

    /// <summary>Registration tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The <c>component</c> tag, or empty (metric suffixes).</summary>
    public string Component => _settings.Component;

    /// <summary>Isolation segment.</summary>
    public string IsolationSegment => _settings.IsolationSegment;

    /// <summary>Time to live without a heartbeat, already capped by the table's stale threshold.</summary>
    public TimeSpan StaleThreshold => _settings.StaleThreshold;

    /// <summary>Backend protocol: <c>http1</c>, <c>http2</c> or another registered value (treated as HTTP/1.1).</summary>
    public string Protocol => _settings.Protocol;

    /// <summary>Availability zone, possibly empty.</summary>
    public string AvailabilityZone => _settings.AvailabilityZone;

    /// <summary><c>endpoint_updated_at_ns</c> as registered (nanoseconds since the Unix epoch, 0 if absent).</summary>
    public long UpdatedAtNs { get; }

    /// <summary>The <c>options.loadbalancing</c> value registered with this endpoint, or null.</summary>
    public string? LoadBalancingOption => _settings.LoadBalancingOption;

    /// <summary>With <c>options.loadbalancing: hash</c>: the <c>options.hash_header</c> registered, else null.</summary>
    public string? HashHeader => _settings.HashHeader;

    /// <summary>With <c>options.loadbalancing: hash</c> and a header: the <c>options.hash_balance</c> registered, else 0.</summary>
    public double HashBalance => _settings.HashBalance;

    /// <summary>The settings object this endpoint shares with endpoints registered alike.</summary>
    internal EndpointSettings Settings => _settings;

    // "https://", two brackets, the host, ":" and any int.
    private int MaxBaseUriLength => Host.Length + 22;

    /// <summary>
    /// Writes <see cref="PrivateInstanceId"/> without building or keeping its string (listing 100,000 routes must not
    /// leave a string behind per endpoint).
    /// </summary>
    /// <param name="buffer">At least 36 characters.</param>
    public ReadOnlySpan<char> FormatInstanceId(Span<char> buffer) => _instanceId.Format(buffer);

    /// <summary>Writes <see cref="ApplicationId"/> without building or keeping its string.</summary>
    /// <param name="buffer">At least 36 characters.</param>
    public ReadOnlySpan<char> FormatApplicationId(Span<char> buffer) => _applicationId.Format(buffer);

    /// <summary>
    /// <see cref="Address"/> without keeping its string: written into <paramref name="buffer"/>, or built (and not
    /// kept) when it does not fit.
    /// </summary>
    public ReadOnlySpan<char> FormatAddress(Span<char> buffer) => Backend.Format(buffer);

    /// <summary>
    /// <see cref="BaseUri"/> without keeping its string: written into <paramref name="buffer"/>, or into a buffer of
    /// its own when it does not fit.
    /// </summary>
    public ReadOnlySpan<char> FormatBaseUri(Span<char> buffer)
    {
        var (open, close) = Host.Contains(':', StringComparison.Ordinal) && !Host.StartsWith('[') ? ("[", "]") : ("", "");
        return buffer.TryWrite(CultureInfo.InvariantCulture, $"{(IsTls ? "https://" : "http://")}{open}{Host}{close}:{Port}", out var written)
            ? buffer[..written]
            : FormatBaseUri(new char[MaxBaseUriLength]);
    }

    /// <summary>Writes <see cref="ServerCertDomainSan"/> without building or keeping its string.</summary>
    /// <param name="buffer">At least 36 characters.</param>
    public ReadOnlySpan<char> FormatServerCertDomainSan(Span<char> buffer) =>
        _settings.ServerCertDomainSan ?? _instanceId.Format(buffer);

    /// <summary>True when <paramref name="vcapId"/> is this endpoint's <see cref="InstanceIdOrAddress"/>.</summary>
    public bool InstanceIdOrAddressEquals(ReadOnlySpan<char> vcapId)
    {
        var isGuid = CompactId.TryFromGuidText(vcapId, out var guid);
        return InstanceIdOrAddressEquals(vcapId, isGuid, guid);
    }

    /// <summary>
    /// True when <paramref name="vcapId"/> is this endpoint's <see cref="InstanceIdOrAddress"/>. A caller comparing one
    /// value with many endpoints parses it once (<see cref="CompactId.TryFromGuidText"/>) into
    /// <paramref name="vcapGuid"/>, so no GUID is formatted per endpoint.
    /// </summary>
    internal bool InstanceIdOrAddressEquals(ReadOnlySpan<char> vcapId, bool vcapIsGuid, in CompactId vcapGuid)
    {
        if (!_instanceId.IsEmpty)
        {
            return _instanceId.Equals(vcapId, vcapIsGuid, vcapGuid);
        }

        Span<char> buffer = stackalloc char[FormatBufferLength];
        return vcapId.SequenceEqual(FormatAddress(buffer));
    }

    internal bool InstanceIdEquals(string instanceId) => _instanceId.Equals(instanceId);

    /// <summary>True when <paramref name="applicationId"/> is this endpoint's <see cref="ApplicationId"/>; builds no string.</summary>
    internal bool ApplicationIdEquals(ReadOnlySpan<char> applicationId) => _applicationId.Equals(applicationId);

    internal bool ServerCertDomainSanEquals(string san) =>
        _settings.ServerCertDomainSan is { } own ? string.Equals(own, san, StringComparison.Ordinal) : _instanceId.Equals(san);

    /// <summary>Requests in flight to this endpoint on this route (for <c>max_conns</c> and least-connection).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// The freshness timestamp of the last registration, in <see cref="TimeProvider.GetTimestamp"/> units of the
    /// table's clock.
    /// </summary>
    public long LastSeen => Volatile.Read(ref _lastSeen);

    internal bool IsMarkedFailed => Volatile.Read(ref _failedAt) != NotMarked;

    /// <summary>Failed attempts to this endpoint on this route counted with <see cref="RecordFailure"/>.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Counts one failed attempt (the route dashboard's failure column); off the success path.</summary>
    public void RecordFailure() => Interlocked.Increment(ref _failures);

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

    /// <summary>Gives back a slot taken by <see cref="TryAcquire"/> (or by <see cref="EndpointPool.Select(ref EndpointSelection, int)"/>).</summary>
    public void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>True when <paramref name="maxConns"/> is positive and the in-flight counter has reached it.</summary>
    public bool IsAtLimit(int maxConns) => maxConns > 0 && Volatile.Read(ref _inFlight) >= maxConns;

    /// <inheritdoc />
    public override string ToString() => Backend.ToString();

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
