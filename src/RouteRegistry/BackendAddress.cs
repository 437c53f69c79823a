using System.Globalization;
using System.Text.Unicode;

namespace RouteRegistry;

/// <summary>
/// <c>host:port</c> of an endpoint as a log value. It formats straight into the log line, so logging an endpoint
/// neither builds nor caches its <see cref="Endpoint.Address"/> string (200,000 endpoints would keep 11 MB of them).
/// </summary>
public readonly struct BackendAddress(string host, int port) : ISpanFormattable, IUtf8SpanFormattable
{
    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{host}:{port}", out charsWritten);

    /// <inheritdoc />
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"{host}:{port}", out bytesWritten);

    /// <summary>Written into <paramref name="buffer"/>, or built when it does not fit.</summary>
    public ReadOnlySpan<char> Format(Span<char> buffer) =>
        TryFormat(buffer, out var written, default, null) ? buffer[..written] : ToString();

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
}
