using System.Buffers;
using System.Net;
using System.Text;
using Router.Tls;

namespace Router.Tests.Tls;

public class ProxyProtocolV1Tests
{
    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 56324 443\r\nGET /", "203.0.113.7:56324", 43)]
    [InlineData("PROXY TCP6 2001:db8::1 2001:db8::2 1234 80\r\n", "[2001:db8::1]:1234", 44)]
    [InlineData("PROXY UNKNOWN\r\nGET /", null, 15)]
    [InlineData("PROXY UNKNOWN 1 2 3 4\r\n", null, 23)]
    public void TryParse_ValidHeader_SourceAndEnd(string input, string? source, int consumed)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(input));

        var status = ProxyProtocolV1.TryParse(buffer, out var end, out var endpoint);

        Assert.Equal(ProxyHeaderStatus.Complete, status);
        Assert.Equal(source, endpoint?.ToString());
        Assert.Equal(consumed, buffer.Slice(0, end).Length);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("\u0016\u0003\u0001")]
    [InlineData("PROXX")]
    public void TryParse_OtherBytes_Absent(string input)
    {
        Assert.Equal(ProxyHeaderStatus.Absent, ProxyProtocolV1.TryParse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(input)), out _, out _));
    }

    [Theory]
    [InlineData("PRO")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 563")]
    public void TryParse_StartOfHeader_Incomplete(string input)
    {
        Assert.Equal(ProxyHeaderStatus.Incomplete, ProxyProtocolV1.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(input)), out _, out _));
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 56324\r\n")]
    [InlineData("PROXY TCP4 not-an-ip 10.0.0.1 1 2\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 1 99999\r\n")]
    [InlineData("PROXY UDP4 203.0.113.7 10.0.0.1 1 2\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 1 2\n")]
    public void TryParse_BadHeader_Malformed(string input)
    {
        Assert.Equal(ProxyHeaderStatus.Malformed, ProxyProtocolV1.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(input)), out _, out _));
    }

    [Fact]
    public void TryParse_NoLineEndWithinLimit_Malformed()
    {
        var input = "PROXY TCP4 " + new string('1', ProxyProtocolV1.MaxLength);

        Assert.Equal(ProxyHeaderStatus.Malformed, ProxyProtocolV1.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(input)), out _, out _));
    }

    [Fact]
    public void TryParse_HeaderSplitAcrossSegments_Parsed()
    {
        var first = new Segment(Encoding.ASCII.GetBytes("PROXY TCP4 192.0.2."));
        var last = first.Append(Encoding.ASCII.GetBytes("9 10.0.0.1 7 8\r\nrest"));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.Equal(ProxyHeaderStatus.Complete, ProxyProtocolV1.TryParse(buffer, out _, out var source));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.9"), 7), source);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
