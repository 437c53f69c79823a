namespace RouteRegistry;

/// <summary>
/// <c>host:port</c> of an endpoint as a log value. It formats straight into the log line, so logging an endpoint
/// neither builds nor caches its <see cref="Endpoint.Address"/> string (200,000 endpoints would keep 11 MB of them).
/// </summary>
internal readonly struct BackendAddress(string host, int port) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite(System.Globalization.CultureInfo.InvariantCulture, $"{host}:{port}", out charsWritten);

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{host}:{port}");
}
