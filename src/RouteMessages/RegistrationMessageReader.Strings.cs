using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace RouteMessages;

// Making the string values of a message with as few allocations as the message allows.
internal static partial class RegistrationMessageReader
{
    /// <summary>
    /// Makes the strings of one message. Values that nearly every message carries (protocols, algorithms, the
    /// emitter's tag names) come from literals, and a value seen earlier in the same message (the instance GUID as
    /// <c>server_cert_domain_san</c>, the app GUID as a tag) is shared, saving an allocation each.
    /// </summary>
    private struct MessageStrings
    {
        private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

        private SeenStrings _seen;
        private int _count;

        /// <summary>The current string or property-name token as a string.</summary>
        public string Get(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped)
            {
                return reader.GetString()!;
            }

            var utf8 = reader.ValueSpan;
            var text = WellKnown(utf8);
            if (text is not null)
            {
                return text;
            }

            Span<string> seen = _seen;
            for (var i = 0; i < _count; i++)
            {
                // Equal as ASCII means equal as decoded text; other text is simply not shared.
                if (seen[i].Length == utf8.Length && Ascii.Equals(utf8, seen[i]))
                {
                    return seen[i];
                }
            }

            text = reader.GetString()!;
            if (_count < seen.Length)
            {
                seen[_count++] = text;
            }

            return text;
        }

        private static string? WellKnown(ReadOnlySpan<byte> utf8) => utf8.Length switch
        {
            0 => "",
            1 when char.IsAsciiDigit((char)utf8[0]) => Digits[utf8[0] - '0'],
            5 when utf8.SequenceEqual("http1"u8) => "http1",
            5 when utf8.SequenceEqual("http2"u8) => "http2",
            9 when utf8.SequenceEqual("component"u8) => "component",
            9 when utf8.SequenceEqual("source_id"u8) => "source_id",
            10 when utf8.SequenceEqual("process_id"u8) => "process_id",
            11 when utf8.SequenceEqual("round-robin"u8) => "round-robin",
            13 when utf8.SequenceEqual("route-emitter"u8) => "route-emitter",
            16 when utf8.SequenceEqual("least-connection"u8) => "least-connection",
            _ => null,
        };
    }

    [InlineArray(8)]
    private struct SeenStrings
    {
        private string _element;
    }
}
