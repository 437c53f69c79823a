using System.Globalization;
using Router.Http;

namespace Router.Tests.Http;

/// <summary>What Kestrel's Content-Length parse sees through the encoding: digits, or text that is not a number.</summary>
public sealed class ContentLengthEncodingTests
{
    [Theory]
    [InlineData("5", true)]
    [InlineData("005", true)]
    [InlineData("1234567890123456789", true)]
    [InlineData("+5", false)]
    [InlineData("-0", false)]
    [InlineData("5,5", false)]
    [InlineData("0x5", false)]
    [InlineData("5 5", false)]
    [InlineData("", false)]
    [InlineData("\u0665", false)]
    public void GetChars_Value_ParsesOnlyWhenAllDigits(string value, bool parses)
    {
        var refused = 0;
        var encoding = new ContentLengthEncoding(() => refused++);
        Span<char> chars = stackalloc char[20];

        var written = encoding.GetChars(System.Text.Encoding.UTF8.GetBytes(value), chars);

        Assert.Equal(parses, long.TryParse(chars[..written], NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        Assert.Equal(parses ? 0 : 1, refused);
    }

    [Fact]
    public void GetChars_LongerThanKestrelsBuffer_NotANumberAndNoException()
    {
        var encoding = new ContentLengthEncoding(() => { });
        Span<char> chars = stackalloc char[20];

        var written = encoding.GetChars("123456789012345678901234"u8, chars);

        Assert.False(long.TryParse(chars[..written], NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
    }
}
