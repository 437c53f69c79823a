using Router.Tracing;

namespace Router.Tests.Tracing;

public class B3ContextTests
{
    [Theory]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", true)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-d", true)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1", true)]
    [InlineData("64fe8b2a57d3eff7-e457b5a2e4d86bd1-0", true)]
    [InlineData("80F198EE56343BA864FE8B2A57D3EFF7-E457B5A2E4D86BD1", true)]
    [InlineData("1", true)]
    [InlineData("d", true)]
    [InlineData("x", false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7", false)]
    [InlineData("64fe8b2a57d3eff7", false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-", false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-2", false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-05e3ac9a4f6e3b90", false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a", false)]
    [InlineData("00000000000000000000000000000000-e457b5a2e4d86bd1", false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7-0000000000000000", false)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7e457b5a2e4d86bd1", false)]
    public void TryParseSingle_Header_AcceptsAsZipkinGo(string header, bool valid)
    {
        Assert.Equal(valid, B3Context.TryParseSingle(header, out _));
    }

    [Fact]
    public void TryParseSingle_FullForm_ReadsEveryPart()
    {
        Assert.True(B3Context.TryParseSingle("80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90", out var context));

        Assert.Equal(0x80f198ee56343ba8UL, context.TraceIdHigh);
        Assert.Equal(0x64fe8b2a57d3eff7UL, context.TraceIdLow);
        Assert.Equal(0xe457b5a2e4d86bd1UL, context.SpanId);
        Assert.Equal(0x05e3ac9a4f6e3b90UL, context.ParentSpanId);
        Assert.True(context.Sampled);
    }

    [Theory]
    [InlineData("1", null, "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1")]
    [InlineData("FALSE", null, "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-0")]
    [InlineData("1", "1", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-d")]
    [InlineData(null, "7", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1")]
    public void TryParseMulti_SampledAndFlags_SingleHeaderAsZipkinGoBuildsIt(string? sampled, string? flags, string expected)
    {
        Assert.True(B3Context.TryParseMulti("80f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1", null, sampled, flags, out var context));

        Assert.Equal(expected, context.ToSingleHeader());
    }

    [Fact]
    public void TryParseMulti_ShortIdsWithParent_PaddedToSixteenDigits()
    {
        Assert.True(B3Context.TryParseMulti("abc", "12", "3", null, null, out var context));

        Assert.Equal("0000000000000abc-0000000000000012-0000000000000003", context.ToSingleHeader());
        Assert.Equal("0000000000000abc", context.TraceIdString());
    }

    [Theory]
    [InlineData("xyz", "e457b5a2e4d86bd1", null, null)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1e4", null, null)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1", "zz", null)]
    [InlineData("80f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1", null, "yes")]
    [InlineData("180f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1", null, null)]
    [InlineData("0", "e457b5a2e4d86bd1", null, null)]
    public void TryParseMulti_BadValue_Refused(string traceId, string spanId, string? parent, string? sampled)
    {
        Assert.False(B3Context.TryParseMulti(traceId, spanId, parent, sampled, null, out _));
    }
}
