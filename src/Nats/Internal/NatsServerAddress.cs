namespace Nats.Internal;

/// <summary>A configured server and how it is shown in logs: scheme, host and port, never the credentials.</summary>
internal sealed class NatsServerAddress(Uri uri)
{
    private const int DefaultPort = 4222;

    public Uri Uri { get; } = uri;

    public string Host { get; } = uri.IdnHost;

    public int Port { get; } = uri.Port > 0 ? uri.Port : DefaultPort;

    public string Display { get; } = $"{uri.Scheme}://{uri.Host}:{(uri.Port > 0 ? uri.Port : DefaultPort)}";

    public override string ToString() => Display;
}
