using Microsoft.Extensions.Logging;

namespace Nats;

/// <summary>
/// Settings of a <see cref="NatsConnection"/>. Defaults follow Gorouter's NATS client (gorouter.md §1.1).
/// </summary>
public sealed record NatsOptions
{
    /// <summary>
    /// Servers as <c>nats://[user:pass@]host:port</c> (or <c>tls://</c> to require TLS; a user-info without a colon
    /// is sent as an auth token). Tried in random order, at start-up and on every reconnect. The port defaults to
    /// 4222. Default: one server, <c>nats://127.0.0.1:4222</c>.
    /// </summary>
    public IReadOnlyList<Uri> Servers { get; init; } = [new("nats://127.0.0.1:4222")];

    /// <summary>User name sent in CONNECT when the server URI carries no credentials. Default: none.</summary>
    public string? User { get; init; }

    /// <summary>Password sent in CONNECT when the server URI carries no credentials. Default: none.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Require TLS to every server (Gorouter <c>nats.tls_enabled</c>). TLS is also used whenever the server's INFO
    /// says <c>tls_required</c>. Default: false.
    /// </summary>
    public bool TlsEnabled { get; init; }

    /// <summary>
    /// PEM file of CA certificates that are the only trust anchors for the server's certificate
    /// (Gorouter <c>nats.ca_certs</c>). Default: none, which uses the system trust store.
    /// </summary>
    public string? CaCertsPath { get; init; }

    /// <summary>
    /// PEM file with the client certificate (and any intermediates after it) presented to the server
    /// (Gorouter <c>nats.cert_chain</c>). Needs <see cref="ClientKeyPath"/>. Default: none.
    /// </summary>
    public string? ClientCertPath { get; init; }

    /// <summary>PEM file with the private key of <see cref="ClientCertPath"/> (Gorouter <c>nats.private_key</c>). Default: none.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>
    /// How often the client PINGs the server to find a dead connection, and how often
    /// <c>nats-connection-still-disconnected</c> is logged while down. Default: 20 seconds.
    /// </summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// PINGs that may be unanswered; one more makes the connection count as dead and it is re-established.
    /// Default: 2.
    /// </summary>
    public int MaxPingsOutstanding { get; init; } = 2;

    /// <summary>Pause between passes over the server list while reconnecting. Default: 2 seconds.</summary>
    public TimeSpan ReconnectWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Time allowed for one connection attempt: TCP connect, INFO, TLS handshake and the CONNECT/PING/PONG exchange.
    /// Default: 2 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Passes over the server list that <see cref="NatsConnection.ConnectAsync"/> makes before it gives up.
    /// Default: 3.
    /// </summary>
    public int StartupConnectAttempts { get; init; } = 3;

    /// <summary>Pause between the start-up passes over the server list. Default: 100 milliseconds.</summary>
    public TimeSpan StartupRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Messages each subscription buffers for its reader. When full, newly arriving messages are dropped and
    /// counted in <see cref="NatsSubscription.DroppedMessages"/> (NATS "slow consumer"). Default: 524288 (512 Ki,
    /// nats.go's <c>DefaultSubPendingMsgsLimit</c>).
    /// </summary>
    public int SubscriptionPendingLimit { get; init; } = 512 * 1024;

    /// <summary>
    /// Payload bytes each subscription buffers for its reader, in bytes. A newly arriving message whose payload would
    /// take the unread total above this is dropped and counted in <see cref="NatsSubscription.DroppedMessages"/>, as
    /// when <see cref="SubscriptionPendingLimit"/> is reached; reading frees the space again. Default: 67108864
    /// (64 MiB, nats.go's <c>DefaultSubPendingBytesLimit</c>).
    /// </summary>
    public long SubscriptionPendingBytesLimit { get; init; } = 64L * 1024 * 1024;

    /// <summary>Client name sent in CONNECT, shown by the server's monitoring. Default: <c>router</c>.</summary>
    public string Name { get; init; } = "router";

    /// <summary>Where the connection logs. Default: none (no logging).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
