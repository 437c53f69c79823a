using System.Buffers;
using System.Collections;
using System.Text;
using Microsoft.Extensions.Logging;

namespace RouteRegistry;

/// <summary>
/// The state of a registry log event that is logged once per route or endpoint in a burst of registrations
/// (<c>route-registered</c>, <c>endpoint-registered</c>, and their unregistered pairs). It writes its message as UTF-8
/// itself (<see cref="IUtf8SpanFormattable"/>), so the router's console logger, which knows this type, puts it
/// straight into the line without building a message string; any other logger gets the same text from the formatter
/// (<see cref="ToString()"/>) and the fields from the list view, as a <c>[LoggerMessage]</c> state gives them.
/// </summary>
/// <remarks>
/// Registering 100,000 routes logs 200,000 lines at <c>info</c>; their message strings were about a fifth of the
/// garbage of a burst.
/// </remarks>
public abstract class RegistryLogLine : IReadOnlyList<KeyValuePair<string, object?>>, IUtf8SpanFormattable
{
    /// <summary>The key under which the message template is listed, as <c>[LoggerMessage]</c> states list it.</summary>
    private protected const string OriginalFormatKey = "{OriginalFormat}";

    /// <summary>What most messages fit in; a longer one is formatted again into a larger buffer.</summary>
    private const int MessageBytes = 512;

    private static readonly Func<RegistryLogLine, Exception?, string> Formatter = static (line, _) => line.ToString();

    /// <summary>For a derived log state that writes its own UTF-8 message (the registry's lines; tests' states).</summary>
    protected RegistryLogLine()
    {
    }

    /// <summary>How many fields the list view has, the message template last.</summary>
    public abstract int Count { get; }

    /// <summary>A field by position, as a <c>[LoggerMessage]</c> state lists it.</summary>
    public abstract KeyValuePair<string, object?> this[int index] { get; }

    /// <summary>Logs <paramref name="line"/> at <paramref name="level"/>; the caller has checked that the level is enabled.</summary>
    internal static void Write(ILogger logger, LogLevel level, EventId eventId, RegistryLogLine line) =>
        logger.Log(level, eventId, line, null, Formatter);

    /// <summary>Writes the message as UTF-8; false when <paramref name="utf8Destination"/> is too small.</summary>
    public abstract bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>The message as a string (for loggers other than the router's).</summary>
    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[MessageBytes];
        if (TryFormat(buffer, out var written, default, null))
        {
            return Encoding.UTF8.GetString(buffer[..written]);
        }

        for (var size = MessageBytes * 4; ; size *= 2)
        {
            var rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (TryFormat(rented, out written, default, null))
                {
                    return Encoding.UTF8.GetString(rented, 0, written);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
