using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RouteRegistry;
using Router.Text;

namespace Router.Hosting;

/// <summary>
/// Console log lines that carry Gorouter's event names (<c>endpoint-registered</c>, <c>nats-connection-error</c>,
/// …) so operators' searches keep working: the built-in formatters print only numeric event ids.
/// Plain: <c>2026-11-22T10:00:00.1234567Z info endpoint-registered RouteRegistry.RouteTable: message</c>.
/// JSON: <c>{"timestamp":…,"level":"info","event":"endpoint-registered","source":…,"message":…,"data":{…}}</c>.
/// </summary>
/// <remarks>
/// A line is written as UTF-8 straight into a <see cref="LogLineBuffer"/>, so the only string built per line is the
/// message itself, and not even that for the registry's per-route events (<see cref="RegistryLogLine"/>), which
/// write their message into the line; <see cref="RouterLoggerProvider"/> copies the bytes to its writer's queue.
/// </remarks>
internal sealed class RouterConsoleFormatter
{
    /// <summary>The key under which <c>[LoggerMessage]</c> states carry their message template; not a data field.</summary>
    private const string OriginalFormatKey = "{OriginalFormat}";

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    private const int Rfc3339Length = 28;

    /// <summary>Epoch seconds of any <see cref="DateTimeOffset"/>: a sign, 12 digits, a point, three digits, with room to spare.</summary>
    private const int EpochMaxLength = 24;

    /// <summary>Room first offered to a message that formats itself; it gets twice as much each time it does not fit.</summary>
    private const int InitialMessageBytes = 256;

    /// <summary>Beyond this a message that formats itself is taken from the formatter as text instead.</summary>
    private const int MaxMessageBytes = 1024 * 1024;

    /// <summary>Digits and sign of any <see cref="int"/>.</summary>
    private const int Int32MaxLength = 11;

    private readonly bool _json;
    private readonly bool _rfc3339;
    private readonly TimeProvider _timeProvider;

    public RouterConsoleFormatter(RouterConsoleFormatterOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _json = options.Json;
        _rfc3339 = options.Rfc3339;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Appends the line for <paramref name="entry"/>, ending in <c>\n</c>, to <paramref name="buffer"/>. Returns false
    /// and appends nothing when the entry has neither a message nor an exception.
    /// </summary>
    public bool Format<TState>(in LogEntry<TState> entry, LogLineBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);

        // The registry's per-route events write their message as UTF-8 themselves, the text their formatter would
        // give, so no message string is built for them.
        var line = entry.State as RegistryLogLine;
        var message = line is null ? entry.Formatter(entry.State, entry.Exception) : null;
        if (message is null && line is null && entry.Exception is null)
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        if (_json)
        {
            WriteJson(in entry, message, line, now, buffer);
        }
        else
        {
            WritePlain(in entry, message, line, now, buffer);
        }

        return true;
    }

    private void WritePlain<TState>(in LogEntry<TState> entry, string? message, RegistryLogLine? line, DateTimeOffset now, LogLineBuffer buffer)
    {
        var output = buffer.Bytes;
        if (_rfc3339)
        {
            output.Advance(FormatRfc3339(now.UtcDateTime, output.GetSpan(Rfc3339Length)));
        }
        else
        {
            // Epoch seconds with three decimals, the form Gorouter's "unix-epoch" timestamps take.
            output.Advance(FormatEpochSeconds(now, output.GetSpan(EpochMaxLength), trimZeros: false));
        }

        output.Write(" "u8);
        output.Write(LevelName(entry.LogLevel));
        output.Write(" "u8);
        if (string.IsNullOrEmpty(entry.EventId.Name))
        {
            entry.EventId.Id.TryFormat(output.GetSpan(Int32MaxLength), out var written, default, CultureInfo.InvariantCulture);
            output.Advance(written);
        }
        else
        {
            WriteText(output, entry.EventId.Name);
        }

        output.Write(" "u8);
        WriteText(output, entry.Category);
        output.Write(": "u8);

        // The message and the exception carry text from the network: made in the scratch buffer, copied escaped.
        var text = buffer.Scratch;
        if (line is null || !TryWriteUtf8(text, line))
        {
            WriteText(text, message ?? entry.Formatter(entry.State, entry.Exception));
        }
        if (entry.Exception is not null)
        {
            // One event, one line: a stack trace's line breaks would split it for line-based log shippers.
            text.Write(" "u8);
            WriteText(text, entry.Exception.ToString().ReplaceLineEndings(" | "));
        }

        LogLineEscaping.Write(output, text.WrittenSpan);
        output.Write("\n"u8);
    }

    private void WriteJson<TState>(in LogEntry<TState> entry, string? message, RegistryLogLine? line, DateTimeOffset now, LogLineBuffer buffer)
    {
        var json = buffer.StartJson();
        json.WriteStartObject();
        if (_rfc3339)
        {
            Span<byte> timestamp = stackalloc byte[Rfc3339Length];
            json.WriteString("timestamp"u8, timestamp[..FormatRfc3339(now.UtcDateTime, timestamp)]);
        }
        else
        {
            // The shortest form of the number, as WriteNumber would print the double, without formatting a double.
            Span<byte> timestamp = stackalloc byte[EpochMaxLength];
            json.WritePropertyName("timestamp"u8);
            json.WriteRawValue(timestamp[..FormatEpochSeconds(now, timestamp, trimZeros: true)], skipInputValidation: true);
        }

        json.WriteString("level"u8, LevelName(entry.LogLevel));
        if (string.IsNullOrEmpty(entry.EventId.Name))
        {
            Span<byte> id = stackalloc byte[Int32MaxLength];
            entry.EventId.Id.TryFormat(id, out var written, default, CultureInfo.InvariantCulture);
            json.WriteString("event"u8, id[..written]);
        }
        else
        {
            json.WriteString("event"u8, entry.EventId.Name);
        }

        json.WriteString("source"u8, entry.Category);
        var scratch = line is null ? null : buffer.Scratch;
        if (scratch is not null && TryWriteUtf8(scratch, line!))
        {
            json.WriteString("message"u8, scratch.WrittenSpan);
        }
        else
        {
            json.WriteString("message"u8, message ?? entry.Formatter(entry.State, entry.Exception));
        }
        if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.Count > 1)
        {
            json.WriteStartObject("data"u8);
            for (var i = 0; i < fields.Count; i++)
            {
                var (key, value) = fields[i];
                if (key != OriginalFormatKey)
                {
                    json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                }
            }

            json.WriteEndObject();
        }

        if (entry.Exception is not null)
        {
            json.WriteString("error"u8, entry.Exception.ToString());
        }

        json.WriteEndObject();
        json.Flush();
        buffer.Bytes.Write("\n"u8);
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> without parsing a format string per line.</summary>
    internal static int FormatRfc3339(DateTime utc, Span<byte> destination)
    {
        var span = destination[..Rfc3339Length];
        AsciiDigits.WriteDateTime(utc, span);
        span[19] = (byte)'.';
        AsciiDigits.Write(span.Slice(20, 7), (int)(utc.Ticks % TimeSpan.TicksPerSecond));
        span[27] = (byte)'Z';
        return Rfc3339Length;
    }

    /// <summary>
    /// Writes Unix epoch seconds with millisecond precision: always three decimals, or, with
    /// <paramref name="trimZeros"/>, without trailing zeros (and without the point for whole seconds), which is how
    /// the shortest round-trip form of <c>milliseconds / 1000.0</c> reads. Integer arithmetic: formatting the double
    /// cost more than the rest of the line.
    /// </summary>
    internal static int FormatEpochSeconds(DateTimeOffset now, Span<byte> destination, bool trimZeros)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        if (milliseconds < 0)
        {
            // Before 1970: not a clock a router runs with, so the slow exact path is fine.
            var seconds = milliseconds / 1000.0;
            seconds.TryFormat(destination, out var written, trimZeros ? "R" : "F3", CultureInfo.InvariantCulture);
            return written;
        }

        (milliseconds / 1000).TryFormat(destination, out var length, default, CultureInfo.InvariantCulture);
        var fraction = (int)(milliseconds % 1000);
        var digits = 3;
        if (trimZeros)
        {
            for (; digits > 0 && fraction % 10 == 0; digits--)
            {
                fraction /= 10;
            }

            if (digits == 0)
            {
                return length;
            }
        }

        destination[length] = (byte)'.';
        AsciiDigits.Write(destination.Slice(length + 1, digits), fraction);
        return length + 1 + digits;
    }

    /// <summary>
    /// Appends the message <paramref name="line"/> writes, in as large a span as it needs up to
    /// <see cref="MaxMessageBytes"/>; false, with nothing appended, for a longer one, which then goes the way of any
    /// other message (the buffer does not grow without bound).
    /// </summary>
    private static bool TryWriteUtf8(ArrayBufferWriter<byte> output, RegistryLogLine line)
    {
        for (var sizeHint = InitialMessageBytes; sizeHint <= MaxMessageBytes; sizeHint *= 2)
        {
            var span = output.GetSpan(sizeHint);
            if (line.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
            {
                output.Advance(written);
                return true;
            }

            sizeHint = Math.Max(sizeHint, span.Length);
        }

        return false;
    }

    private static void WriteText(ArrayBufferWriter<byte> output, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(written);
    }

    private static ReadOnlySpan<byte> LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug"u8,
        LogLevel.Information => "info"u8,
        LogLevel.Warning => "warn"u8,
        LogLevel.Error => "error"u8,
        _ => "fatal"u8,
    };
}
