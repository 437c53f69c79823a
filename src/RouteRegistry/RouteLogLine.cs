using System.Globalization;
using System.Text.Unicode;

namespace RouteRegistry;

/// <summary><c>{event} uri={Uri}</c>: <c>route-registered</c> and <c>route-unregistered</c>.</summary>
/// <param name="eventName">The event's name, which starts the message.</param>
/// <param name="originalFormat">The message template, listed for loggers that read it.</param>
/// <param name="uri">The route's key.</param>
internal sealed class RouteLogLine(string eventName, string originalFormat, string uri) : RegistryLogLine
{
    public override int Count => 2;

    public override KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Uri", uri),
        1 => new(OriginalFormatKey, originalFormat),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public override bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"{eventName} uri={uri}", out bytesWritten);
}
