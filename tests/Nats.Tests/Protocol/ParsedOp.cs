using System.Buffers;
using System.Text;
using Nats.Protocol;

namespace Nats.Tests.Protocol;

/// <summary>A parsed operation copied out of the buffer, so tests can compare results across buffer layouts.</summary>
internal sealed record ParsedOp(ServerOpKind Kind, string Subject, long Sid, string? ReplyTo, string Payload, string Argument)
{
    public static ParsedOp From(in ServerOp op) => new(
        op.Kind,
        Encoding.UTF8.GetString(op.Subject),
        op.Sid,
        op.ReplyTo.IsEmpty ? null : Encoding.UTF8.GetString(op.ReplyTo),
        Encoding.UTF8.GetString(op.Payload),
        Encoding.UTF8.GetString(op.Argument));

    /// <summary>Parses every operation in the buffer; fails the test on a parse error or leftover bytes.</summary>
    public static List<ParsedOp> ParseAll(ReadOnlySequence<byte> buffer)
    {
        var ops = new List<ParsedOp>();
        while (true)
        {
            var status = NatsProtocolParser.TryParse(ref buffer, out var op, out var error);
            if (status != ParseStatus.Parsed)
            {
                Assert.Null(error);
                Assert.Equal(ParseStatus.NeedMoreData, status);
                Assert.True(buffer.IsEmpty, $"{buffer.Length} bytes left unparsed");
                return ops;
            }

            ops.Add(From(op));
        }
    }

    /// <summary>
    /// Feeds the bytes the way a socket might: the parser sees a growing buffer and must ask for more data, never
    /// fail, until each operation is complete.
    /// </summary>
    public static List<ParsedOp> ParseIncrementally(byte[] data, int step)
    {
        var ops = new List<ParsedOp>();
        var consumed = 0;
        var available = 0;
        while (available < data.Length)
        {
            available = Math.Min(data.Length, available + step);
            var buffer = new ReadOnlySequence<byte>(data, consumed, available - consumed);
            while (true)
            {
                var status = NatsProtocolParser.TryParse(ref buffer, out var op, out var error);
                Assert.True(status != ParseStatus.Invalid, $"parse error at {consumed}/{available}: {error}");
                if (status == ParseStatus.NeedMoreData)
                {
                    break;
                }

                ops.Add(From(op));
                consumed = available - (int)buffer.Length;
            }
        }

        Assert.Equal(data.Length, consumed);
        return ops;
    }
}
