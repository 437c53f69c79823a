using System.Buffers;
using System.Text;
using Nats.Protocol;

namespace Nats.Tests.Protocol;

public class ProtocolWriterTests
{
    [Fact]
    public void WritePublish_WithoutReply_WritesPubLineAndPayload()
    {
        var buffer = new ArrayBufferWriter<byte>();

        ProtocolWriter.WritePublish(buffer, "router.register", null, "{\"host\":\"a\"}"u8);

        Assert.Equal("PUB router.register 12\r\n{\"host\":\"a\"}\r\n", Text(buffer));
    }

    [Fact]
    public void WritePublish_WithReplyAndEmptyPayload_WritesReplySubjectAndZeroLength()
    {
        var buffer = new ArrayBufferWriter<byte>();

        ProtocolWriter.WritePublish(buffer, "router.greet", "_INBOX.abc.1", ReadOnlySpan<byte>.Empty);

        Assert.Equal("PUB router.greet _INBOX.abc.1 0\r\n\r\n", Text(buffer));
    }

    [Fact]
    public void WritePublish_ManyInARow_AppendsEachOperation()
    {
        var buffer = new ArrayBufferWriter<byte>(16);

        for (var i = 0; i < 1000; i++)
        {
            ProtocolWriter.WritePublish(buffer, "s", null, Encoding.ASCII.GetBytes(i.ToString()));
        }

        var text = Text(buffer);
        Assert.StartsWith("PUB s 1\r\n0\r\nPUB s 1\r\n1\r\n", text);
        Assert.EndsWith("PUB s 3\r\n999\r\n", text);
    }

    [Fact]
    public void WriteSubscribe_WithAndWithoutQueueGroup_WritesSubLine()
    {
        var buffer = new ArrayBufferWriter<byte>();

        ProtocolWriter.WriteSubscribe(buffer, 1, "router.*", null);
        ProtocolWriter.WriteSubscribe(buffer, 2147483647, "jobs", "workers");

        Assert.Equal("SUB router.* 1\r\nSUB jobs workers 2147483647\r\n", Text(buffer));
    }

    [Fact]
    public void WriteUnsubscribe_WritesUnsubLine()
    {
        var buffer = new ArrayBufferWriter<byte>();

        ProtocolWriter.WriteUnsubscribe(buffer, 42);

        Assert.Equal("UNSUB 42\r\n", Text(buffer));
    }

    [Fact]
    public void WriteConnect_WithCredentials_WritesJsonWithoutNullFields()
    {
        var buffer = new ArrayBufferWriter<byte>();

        ProtocolWriter.WriteConnect(buffer, new ConnectCommand { User = "u", Password = "p\"q", Name = "router" });

        var text = Text(buffer);
        Assert.StartsWith("CONNECT {", text);
        Assert.EndsWith("}\r\n", text);
        Assert.Contains("\"user\":\"u\"", text);
        Assert.Contains("\"pass\":\"p\\u0022q\"", text);
        Assert.Contains("\"verbose\":false", text);
        Assert.Contains("\"protocol\":1", text);
        Assert.DoesNotContain("auth_token", text);
    }

    [Fact]
    public void WritePingAndPong_WriteTheirLines()
    {
        var buffer = new ArrayBufferWriter<byte>();

        ProtocolWriter.WritePing(buffer);
        ProtocolWriter.WritePong(buffer);

        Assert.Equal("PING\r\nPONG\r\n", Text(buffer));
    }

    private static string Text(ArrayBufferWriter<byte> buffer) => Encoding.UTF8.GetString(buffer.WrittenSpan);
}
