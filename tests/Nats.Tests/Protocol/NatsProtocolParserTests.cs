using System.Buffers;
using System.Text;
using Nats.Protocol;
using Nats.Tests.Infrastructure;

namespace Nats.Tests.Protocol;

public class NatsProtocolParserTests
{
    private const string Mixed =
        "INFO {\"server_id\":\"abc\",\"max_payload\":1048576,\"server_name\":\"a b\"}\r\n" +
        "MSG router.register 7 11\r\nhello world\r\n" +
        "PING\r\n" +
        "MSG foo.bar 12 _INBOX.x.1 0\r\n\r\n" +
        "PONG\r\n" +
        "+OK\r\n" +
        "HMSG h.subj 3 reply.to 12 17\r\nNATS/1.0\r\n\r\nhello\r\n" +
        "-ERR 'Permissions Violation for Publish to foo'\r\n" +
        "MSG tab.sep\t9\t5\r\nab\r\nc\r\n";

    private static readonly ParsedOp[] MixedExpected =
    [
        new(ServerOpKind.Info, "", 0, null, "", "{\"server_id\":\"abc\",\"max_payload\":1048576,\"server_name\":\"a b\"}"),
        new(ServerOpKind.Msg, "router.register", 7, null, "hello world", ""),
        new(ServerOpKind.Ping, "", 0, null, "", ""),
        new(ServerOpKind.Msg, "foo.bar", 12, "_INBOX.x.1", "", ""),
        new(ServerOpKind.Pong, "", 0, null, "", ""),
        new(ServerOpKind.Ok, "", 0, null, "", ""),
        new(ServerOpKind.Msg, "h.subj", 3, "reply.to", "hello", ""),
        new(ServerOpKind.Err, "", 0, null, "", "'Permissions Violation for Publish to foo'"),
        new(ServerOpKind.Msg, "tab.sep", 9, null, "ab\r\nc", ""),
    ];

    [Fact]
    public void TryParse_SeveralOpsInOneBuffer_ParsesAllInOrder()
    {
        var ops = ParsedOp.ParseAll(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Mixed)));

        Assert.Equal(MixedExpected, ops);
    }

    [Fact]
    public void TryParse_SplitIntoTwoSegmentsAtEveryByte_ParsesTheSame()
    {
        var data = Encoding.UTF8.GetBytes(Mixed);
        for (var split = 1; split < data.Length; split++)
        {
            var ops = ParsedOp.ParseAll(Sequences.SplitAt(data, split));

            Assert.Equal(MixedExpected, ops);
        }
    }

    [Fact]
    public void TryParse_OneByteSegments_ParsesTheSame()
    {
        var ops = ParsedOp.ParseAll(Sequences.Chunked(Encoding.UTF8.GetBytes(Mixed), 1));

        Assert.Equal(MixedExpected, ops);
    }

    [Fact]
    public void TryParse_BytesArrivingOneAtATime_NeedsMoreDataUntilEachOpIsComplete()
    {
        var ops = ParsedOp.ParseIncrementally(Encoding.UTF8.GetBytes(Mixed), step: 1);

        Assert.Equal(MixedExpected, ops);
    }

    [Fact]
    public void TryParse_IncompleteMessage_LeavesBufferUntouched()
    {
        var data = Encoding.UTF8.GetBytes("MSG a 1 10\r\n12345");
        var buffer = new ReadOnlySequence<byte>(data);

        var status = NatsProtocolParser.TryParse(ref buffer, out _, out var error);

        Assert.Equal(ParseStatus.NeedMoreData, status);
        Assert.Null(error);
        Assert.Equal(data.Length, buffer.Length);
    }

    [Fact]
    public void TryParse_OneMegabytePayload_ReturnsItWhole()
    {
        var payload = new byte[1024 * 1024];
        new Random(42).NextBytes(payload);
        var data = Concat(Encoding.ASCII.GetBytes($"MSG big 1 {payload.Length}\r\n"), payload, "\r\nPING\r\n"u8.ToArray());

        foreach (var buffer in new[] { new ReadOnlySequence<byte>(data), Sequences.Chunked(data, 4096), Sequences.SplitAt(data, 20) })
        {
            var remaining = buffer;
            Assert.Equal(ParseStatus.Parsed, NatsProtocolParser.TryParse(ref remaining, out var op, out _));
            Assert.Equal(ServerOpKind.Msg, op.Kind);
            Assert.True(op.Payload.ToArray().AsSpan().SequenceEqual(payload));
            Assert.Equal(ParseStatus.Parsed, NatsProtocolParser.TryParse(ref remaining, out var ping, out _));
            Assert.Equal(ServerOpKind.Ping, ping.Kind);
            Assert.True(remaining.IsEmpty);
        }
    }

    [Fact]
    public void TryParse_OneMegabytePayloadArrivingInChunks_CompletesOnlyWithTheLastChunk()
    {
        var payload = new byte[1024 * 1024];
        payload.AsSpan().Fill((byte)'x');
        var data = Concat(Encoding.ASCII.GetBytes($"MSG big 1 {payload.Length}\r\n"), payload, "\r\n"u8.ToArray());

        var ops = ParsedOp.ParseIncrementally(data, step: 16 * 1024);

        var op = Assert.Single(ops);
        Assert.Equal(payload.Length, op.Payload.Length);
    }

    [Theory]
    [InlineData("msg a 1 1\r\nx\r\n", nameof(ServerOpKind.Msg))]
    [InlineData("ping\r\n", nameof(ServerOpKind.Ping))]
    [InlineData("Pong\r\n", nameof(ServerOpKind.Pong))]
    [InlineData("+ok\r\n", nameof(ServerOpKind.Ok))]
    [InlineData("PING\n", nameof(ServerOpKind.Ping))]
    public void TryParse_OpNameInAnyCaseOrBareLineFeed_IsAccepted(string text, string kind)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));

        Assert.Equal(ParseStatus.Parsed, NatsProtocolParser.TryParse(ref buffer, out var op, out _));
        Assert.Equal(kind, op.Kind.ToString());
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData("GARBAGE\r\n")]
    [InlineData("XYZ")]
    [InlineData("PINGX\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n")]
    [InlineData("\r\n")]
    [InlineData("MSG a\r\n")]
    [InlineData("MSG a b 3\r\nabc\r\n")]
    [InlineData("MSG a 1 -3\r\nabc\r\n")]
    [InlineData("MSG a 1 x\r\nabc\r\n")]
    [InlineData("MSG a 1 2 3 4\r\nabc\r\n")]
    [InlineData("MSG a 1 3\r\nabcXY")]
    [InlineData("MSG a 1 99999999999\r\n")]
    [InlineData("HMSG a 1 9 3\r\nabc\r\n")]
    [InlineData("INFO\r\n")]
    public void TryParse_GarbageOrMalformedOp_ReturnsInvalid(string text)
    {
        var data = Encoding.ASCII.GetBytes(text);
        var buffer = new ReadOnlySequence<byte>(data);

        var status = NatsProtocolParser.TryParse(ref buffer, out _, out var error);

        Assert.Equal(ParseStatus.Invalid, status);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Equal(data.Length, buffer.Length);
    }

    [Fact]
    public void TryParse_GarbageAfterValidOps_ParsesThemThenReturnsInvalid()
    {
        var buffer = new ReadOnlySequence<byte>("PING\r\nPONG\r\nBOGUS 1 2\r\n"u8.ToArray());

        Assert.Equal(ParseStatus.Parsed, NatsProtocolParser.TryParse(ref buffer, out _, out _));
        Assert.Equal(ParseStatus.Parsed, NatsProtocolParser.TryParse(ref buffer, out _, out _));
        Assert.Equal(ParseStatus.Invalid, NatsProtocolParser.TryParse(ref buffer, out _, out _));
    }

    [Fact]
    public void TryParse_ControlLineNeverEnded_ReturnsInvalidOnceTooLong()
    {
        var data = Encoding.ASCII.GetBytes("INFO {" + new string('a', NatsProtocolParser.MaxControlLineLength));
        var buffer = new ReadOnlySequence<byte>(data);

        Assert.Equal(ParseStatus.Invalid, NatsProtocolParser.TryParse(ref buffer, out _, out _));
    }

    [Fact]
    public void TryParse_EmptyBuffer_NeedsMoreData()
    {
        var buffer = ReadOnlySequence<byte>.Empty;

        Assert.Equal(ParseStatus.NeedMoreData, NatsProtocolParser.TryParse(ref buffer, out _, out _));
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
