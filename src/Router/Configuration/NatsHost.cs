namespace Router.Configuration;

/// <summary>One NATS server (an entry of <c>nats.hosts</c>: <c>hostname</c> and <c>port</c>).</summary>
/// <param name="Hostname">Host name or IP address of the server.</param>
/// <param name="Port">TCP port of the server, 1-65535.</param>
public sealed record NatsHost(string Hostname, int Port);
