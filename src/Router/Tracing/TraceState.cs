using System.Buffers;

namespace Router.Tracing;

/// <summary>
/// Builds the <c>tracestate</c> sent to the backend as Gorouter does (<c>handlers/w3c_tracestate.go</c>): the router's
/// own entry <c>{key}={parent-id}</c> first, then the incoming entries in their order with any earlier entry under
/// the router's key left out. Entries are trimmed of white space and those without <c>=</c> dropped; an incoming
/// value longer than 2,048 characters is discarded whole.
/// </summary>
internal static class TraceState
{
    /// <summary>Incoming values longer than this are not read at all (Gorouter's limit, for performance).</summary>
    public const int MaxIncomingLength = 2048;

    /// <summary>The value for a new trace: the router's entry alone.</summary>
    public static string New(string ownKey, ulong parentId) => Next(ownKey, parentId, default);

    /// <summary>The router's entry followed by the entries of <paramref name="incoming"/> that are kept.</summary>
    public static string Next(string ownKey, ulong parentId, ReadOnlySpan<char> incoming)
    {
        if (incoming.Length > MaxIncomingLength)
        {
            incoming = default;
        }

        var rented = ArrayPool<char>.Shared.Rent(ownKey.Length + 1 + 16 + 1 + incoming.Length);
        try
        {
            var output = rented.AsSpan();
            ownKey.AsSpan().CopyTo(output);
            var length = ownKey.Length;
            output[length++] = '=';
            HexId.Write(parentId, output[length..]);
            length += 16;

            foreach (var range in incoming.Split(','))
            {
                var entry = incoming[range].Trim(" \t\r\n\v\f");
                var equals = entry.IndexOf('=');
                if (equals < 0 || entry[..equals].SequenceEqual(ownKey))
                {
                    continue;
                }

                output[length++] = ',';
                entry.CopyTo(output[length..]);
                length += entry.Length;
            }

            return new string(output[..length]);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
