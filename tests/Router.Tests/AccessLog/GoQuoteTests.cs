using static Router.Tests.AccessLog.AccessLogSamples;

namespace Router.Tests.AccessLog;

public class GoQuoteTests
{
    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("curl/8.5.0", "\"curl/8.5.0\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\path", "\"C:\\\\path\"")]
    [InlineData("a\ab\bc\fd\ne\rf\tg\vh", "\"a\\ab\\bc\\fd\\ne\\rf\\tg\\vh\"")]
    [InlineData("nul\0esc\u001bdel\u007f", "\"nul\\x00esc\\x1bdel\\x7f\"")]
    [InlineData("café 日本語", "\"café 日本語\"")]
    [InlineData("emoji 😀", "\"emoji 😀\"")]
    [InlineData("nbsp\u00a0soft\u00adhyphen", "\"nbsp\\u00a0soft\\u00adhyphen\"")]
    [InlineData("zero\u200bwidth\u2028line", "\"zero\\u200bwidth\\u2028line\"")]
    [InlineData("private\U000F0000use", "\"private\\U000f0000use\"")]
    [InlineData("c1\u0085control", "\"c1\\u0085control\"")]
    public void Write_GoStringQuote_MatchesStrconvQuote(string value, string expected)
    {
        Assert.Equal(expected, Quoted(value));
    }

    [Fact]
    public void Write_LoneSurrogate_WritesEscapedReplacementCharacter()
    {
        Assert.Equal("\"a\\ufffdb\"", Quoted("a\ud800b"));
    }

    [Fact]
    public void Write_LongPlainRun_CopiedUnchanged()
    {
        var value = new string('x', 10_000);

        Assert.Equal("\"" + value + "\"", Quoted(value));
    }
}
