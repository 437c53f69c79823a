using System.Buffers.Binary;
using System.Text;

namespace Router.FunctionalTests.Tracing;

/// <summary>
/// A protobuf message read as its fields (wire format: <see href="https://protobuf.dev/programming-guides/encoding/"/>),
/// enough to walk the OTLP messages the router sends without generated classes.
/// </summary>
internal sealed class ProtobufFields
{
    private readonly List<(int Number, ulong Scalar, ReadOnlyMemory<byte> Bytes)> _fields = [];

    public ProtobufFields(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var key = ReadVarint(span, ref position);
            var number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    _fields.Add((number, ReadVarint(span, ref position), default));
                    break;
                case 1:
                    _fields.Add((number, BinaryPrimitives.ReadUInt64LittleEndian(span[position..]), default));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(span, ref position);
                    _fields.Add((number, 0, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    _fields.Add((number, BinaryPrimitives.ReadUInt32LittleEndian(span[position..]), default));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported wire type in field {number}.");
            }
        }
    }

    /// <summary>Every embedded message under field <paramref name="number"/>.</summary>
    public IEnumerable<ProtobufFields> Messages(int number) =>
        _fields.Where(f => f.Number == number).Select(f => new ProtobufFields(f.Bytes));

    public ProtobufFields? Message(int number) => Messages(number).FirstOrDefault();

    public byte[] Bytes(int number) => _fields.FirstOrDefault(f => f.Number == number).Bytes.ToArray();

    public string Hex(int number) => Convert.ToHexStringLower(Bytes(number));

    public string Text(int number) => Encoding.UTF8.GetString(Bytes(number));

    public ulong Scalar(int number) => _fields.FirstOrDefault(f => f.Number == number).Scalar;

    public bool Has(int number) => _fields.Any(f => f.Number == number);

    /// <summary>OTLP <c>KeyValue</c> attributes (key 1, <c>AnyValue</c> 2: string 1, bool 2, int 3) under field <paramref name="number"/>.</summary>
    public Dictionary<string, string> Attributes(int number) => Messages(number).ToDictionary(
        kv => kv.Text(1),
        kv => kv.Message(2) is { } value
            ? value.Has(1) ? value.Text(1) : value.Has(3) ? ((long)value.Scalar(3)).ToString(System.Globalization.CultureInfo.InvariantCulture) : value.Scalar(2) != 0 ? "true" : "false"
            : string.Empty);

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
