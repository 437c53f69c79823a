using System.Buffers;
using System.Globalization;
using System.Text;
using Router.Configuration;

namespace Router.AccessLog;

/// <summary>
/// Wraps one access-log line in an RFC 5424 message (<see cref="SyslogWireFormat"/>):
/// <code>
/// &lt;14&gt;1 2026-12-07T02:04:20.123456Z host vcap.gorouter 4242 - - BOM line
/// &lt;14&gt;1 … host vcap.gorouter 4242 - [tags@47450 app_id="…" instance_id="0" origin="gorouter" source_type="RTR" …tags] BOM line
/// </code>
/// The second form is a line for a request that reached an app's endpoint: its structured data names the app and
/// carries the endpoint's registration tags, so a syslog drain can split the stream per app. Framing is the
/// transport's business (<see cref="SyslogFraming"/>). Pure apart from the clock value passed in.
/// </summary>
internal sealed class SyslogMessageBuilder
{
    /// <summary>" host app-name procid - ": everything between the timestamp and the structured data.</summary>
    private readonly byte[] _headerTail;
    private readonly byte[] _fixedAppParams;
    private readonly int _truncate;

    public SyslogMessageBuilder(SyslogOptions options, int routerIndex, string hostName, int processId)
    {
        ArgumentNullException.ThrowIfNull(options);
        _truncate = options.Truncate;
        var tag = options.Tag.Length == 0 ? "-" : options.Tag;
        _headerTail = Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $" {HeaderField(hostName, 255)} {tag} {processId} - "));

        // Written after app_id, which differs per line; the rest of the fixed parameters never change.
        var fixedParams = new ArrayBufferWriter<byte>();
        WriteParam(fixedParams, SyslogWireFormat.InstanceId, routerIndex.ToString(CultureInfo.InvariantCulture));
        WriteParam(fixedParams, SyslogWireFormat.Origin, SyslogWireFormat.RouterOrigin);
        WriteParam(fixedParams, SyslogWireFormat.SourceType, SyslogWireFormat.RouterSourceType);
        _fixedAppParams = fixedParams.WrittenSpan.ToArray();
    }

    /// <summary>Writes the message for <paramref name="line"/>; <paramref name="appId"/> empty = no app.</summary>
    public void Write(
        IBufferWriter<byte> output, DateTime utcNow, ReadOnlySpan<byte> line, ReadOnlySpan<char> appId, IReadOnlyDictionary<string, string>? tags)
    {
        output.Write(SyslogWireFormat.PriorityAndVersion);
        WriteTimestamp(output, utcNow);
        output.Write(_headerTail);
        if (appId.IsEmpty)
        {
            output.Write(SyslogWireFormat.Nil);
        }
        else
        {
            output.Write("["u8);
            output.Write(Encoding.ASCII.GetBytes(SyslogWireFormat.TagsId));
            WriteParam(output, SyslogWireFormat.AppId, appId);
            output.Write(_fixedAppParams);
            if (tags is not null)
            {
                foreach (var (name, value) in tags)
                {
                    if (IsParamName(name) && !IsFixedParam(name))
                    {
                        WriteParam(output, name, value);
                    }
                }
            }

            output.Write("]"u8);
        }

        output.Write(" "u8);
        output.Write(SyslogWireFormat.ByteOrderMark);
        output.Write(_truncate > 0 && line.Length > _truncate ? CutAtCharacter(line, _truncate) : line);
    }

    /// <summary>The longest prefix of at most <paramref name="maxBytes"/> bytes that does not split a UTF-8 character.</summary>
    public static ReadOnlySpan<byte> CutAtCharacter(ReadOnlySpan<byte> text, int maxBytes)
    {
        if (text.Length <= maxBytes)
        {
            return text;
        }

        var end = maxBytes;
        while (end > 0 && (text[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return text[..end];
    }

    private static void WriteTimestamp(IBufferWriter<byte> output, DateTime utcNow)
    {
        // RFC 5424 §6.2.3 allows six fractional digits at most.
        var span = output.GetSpan(32);
        utcNow.TryFormat(span, out var written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>An SD-PARAM with its leading space; RFC 5424 §6.3.3 escapes '"', '\' and ']' in the value.</summary>
    private static void WriteParam(IBufferWriter<byte> output, string name, ReadOnlySpan<char> value)
    {
        output.Write(" "u8);
        var nameSpan = output.GetSpan(name.Length);
        var nameBytes = Encoding.ASCII.GetBytes(name, nameSpan);
        output.Advance(nameBytes);
        output.Write("=\""u8);
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] is '"' or '\\' or ']')
            {
                WriteUtf8(output, value[start..i]);
                output.Write("\\"u8);
                start = i;
            }
        }

        WriteUtf8(output, value[start..]);
        output.Write("\""u8);
    }

    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static bool IsParamName(string name) =>
        name.Length is > 0 and <= SyslogWireFormat.MaxParamNameLength
        && !name.Any(c => c is <= ' ' or > '~' or '=' or ']' or '"');

    private static bool IsFixedParam(string name) =>
        name is SyslogWireFormat.AppId or SyslogWireFormat.InstanceId or SyslogWireFormat.Origin or SyslogWireFormat.SourceType;

    /// <summary>RFC 5424 header fields are printable US-ASCII; anything else becomes '-', an empty field NILVALUE.</summary>
    private static string HeaderField(string value, int maxLength)
    {
        if (value.Length == 0)
        {
            return "-";
        }

        var chars = value.Length > maxLength ? value[..maxLength].ToCharArray() : value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is <= ' ' or > '~')
            {
                chars[i] = '-';
            }
        }

        return new string(chars);
    }
}
