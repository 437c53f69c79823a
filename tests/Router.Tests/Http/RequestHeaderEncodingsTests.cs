using Router.Http;

namespace Router.Tests.Http;

/// <summary>The encodings Kestrel decodes request header values with: which header gets which, what is refused.</summary>
public sealed class RequestHeaderEncodingsTests
{
    [Fact]
    public void Selector_HeaderNames_ContentLengthItsOwnEncodingOthersTheFieldValueOne()
    {
        var selector = new RequestHeaderEncodings(() => { }).Selector;

        Assert.IsType<ContentLengthEncoding>(selector("content-length"));
        Assert.IsType<FieldValueEncoding>(selector("Host"));
    }

    [Theory]
    [InlineData("plain value", true)]
    [InlineData("tab\there", true)]
    [InlineData("m\u00fcnchen \ud83d\ude00", true)]
    [InlineData("a\u0001b", false)]
    [InlineData("a\u001bb", false)]
    [InlineData("a\u007fb", false)]
    public void FieldValueEncoding_Value_DecodedOrRefused(string value, bool accepted)
    {
        var refused = 0;
        var encoding = new FieldValueEncoding(() => refused++);
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);

        if (accepted)
        {
            Assert.Equal(value, encoding.GetString(bytes.AsSpan()));
        }
        else
        {
            Assert.Throws<System.Text.DecoderFallbackException>(() => encoding.GetString(bytes.AsSpan()));
        }

        Assert.Equal(accepted ? 0 : 1, refused);
    }
}
