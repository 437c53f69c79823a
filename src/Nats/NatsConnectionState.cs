namespace Nats;

/// <summary>Life cycle of a <see cref="NatsConnection"/>.</summary>
public enum NatsConnectionState
{
    /// <summary>Not connected yet, or <see cref="NatsConnection.ConnectAsync"/> failed; it may be called again.</summary>
    Disconnected,

    /// <summary><see cref="NatsConnection.ConnectAsync"/> is trying the servers.</summary>
    Connecting,

    /// <summary>A server accepted CONNECT and answered PING; publishes go straight to the socket.</summary>
    Connected,

    /// <summary>A live connection was lost; the client is trying the servers again, without limit.</summary>
    Reconnecting,

    /// <summary>Disposed; every operation now fails with <see cref="NatsException"/>.</summary>
    Closed,
}
