using System.Buffers;
using System.Text;
using Router.AccessLog;

namespace Router.Tests.AccessLog;

public sealed class SyslogFramingTests
{
    [Fact]
    public void WriteOctetCounted_Message_PrefixesItsByteLengthAndASpace()
    {
        var output = new ArrayBufferWriter<byte>();

        SyslogFraming.WriteOctetCounted(output, "<14>1 é"u8);

        Assert.Equal("8 <14>1 é", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void TryReadOctetCounted_TwoFramesWithNewlines_ReadsEachWhole()
    {
        var output = new ArrayBufferWriter<byte>();
        SyslogFraming.WriteOctetCounted(output, "first\nline"u8);
        SyslogFraming.WriteOctetCounted(output, "second"u8);
        var input = output.WrittenSpan;

        Assert.True(SyslogFraming.TryReadOctetCounted(input, out var first, out var consumed));
        Assert.Equal("first\nline", Encoding.UTF8.GetString(first));
        Assert.True(SyslogFraming.TryReadOctetCounted(input[consumed..], out var second, out var rest));
        Assert.Equal("second", Encoding.UTF8.GetString(second));
        Assert.Equal(input.Length, consumed + rest);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("12 short")]
    [InlineData("")]
    public void TryReadOctetCounted_IncompleteFrame_AsksForMore(string text)
    {
        Assert.False(SyslogFraming.TryReadOctetCounted(Encoding.ASCII.GetBytes(text), out _, out var consumed));
        Assert.Equal(0, consumed);
    }

    [Theory]
    [InlineData("x5 hello")]
    [InlineData("05 hello")]
    [InlineData(" hello")]
    [InlineData("12345678901 x")]
    public void TryReadOctetCounted_MalformedLength_Throws(string text) =>
        Assert.Throws<FormatException>(() => SyslogFraming.TryReadOctetCounted(Encoding.ASCII.GetBytes(text), out _, out _));
}
