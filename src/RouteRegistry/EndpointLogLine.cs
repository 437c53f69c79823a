using System.Globalization;
using System.Text.Unicode;

namespace RouteRegistry;

/// <summary>
/// <c>{event} uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId}</c>, followed by
/// <c> tls={Tls} action={Action}</c> when there is an action: <c>endpoint-registered</c> (with) and
/// <c>endpoint-unregistered</c> (without).
/// </summary>
/// <param name="eventName">The event's name, which starts the message.</param>
/// <param name="originalFormat">The message template, listed for loggers that read it.</param>
/// <param name="uri">The route's key.</param>
/// <param name="endpoint">The endpoint; immutable, so a logger may keep the state.</param>
/// <param name="action">What registering did (<c>added</c>, <c>updated</c>, <c>unmodified</c>), or null.</param>
internal sealed class EndpointLogLine(string eventName, string originalFormat, string uri, Endpoint endpoint, string? action)
    : RegistryLogLine
{
    public override int Count => action is null ? 5 : 7;

    public override KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Uri", uri),
        1 => new("Backend", endpoint.Backend),
        2 => new("ApplicationId", endpoint.AppId),
        3 => new("InstanceId", endpoint.InstanceId),
        _ when index == Count - 1 => new(OriginalFormatKey, originalFormat),
        4 when action is not null => new("Tls", endpoint.IsTls),
        5 when action is not null => new("Action", action),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public override bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (!Utf8.TryWrite(
                utf8Destination,
                CultureInfo.InvariantCulture,
                $"{eventName} uri={uri} backend={endpoint.Backend} application_id={endpoint.AppId} instance_id={endpoint.InstanceId}",
                out bytesWritten))
        {
            return false;
        }

        if (action is null)
        {
            return true;
        }

        // bool's text as the generated message printed it ("True", "False"), so lines read as before.
        if (Utf8.TryWrite(utf8Destination[bytesWritten..], CultureInfo.InvariantCulture, $" tls={(endpoint.IsTls ? "True" : "False")} action={action}", out var rest))
        {
            bytesWritten += rest;
            return true;
        }

        bytesWritten = 0;
        return false;
    }
}
