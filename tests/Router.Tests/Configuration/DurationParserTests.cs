using Conventions;

namespace Router.Tests.Configuration;

public class DurationParserTests
{
    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData(".5s", 500)]
    [InlineData("1.s", 1_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("+3s", 3_000)]
    [InlineData("-1s", -1_000)]
    [InlineData("1000us", 1)]
    [InlineData("1000\u00b5s", 1)]
    [InlineData("1000\u03bcs", 1)]
    [InlineData("1000000ns", 1)]
    [InlineData("30", 30_000)]
    [InlineData("0.25", 250)]
    [InlineData("-2", -2_000)]
    [InlineData(" 10s ", 10_000)]
    public void TryParse_ValidForm_ReturnsDuration(string text, long expectedMilliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), value);
    }

    [Fact]
    public void TryParse_SubTickNanoseconds_TruncatesToTicks()
    {
        Assert.True(DurationParser.TryParse("250ns", out var value));
        Assert.Equal(2, value.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("5sec")]
    [InlineData("1d")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData(".s")]
    [InlineData("-")]
    [InlineData("1s-2s")]
    [InlineData("99999999999999h")]
    public void TryParse_InvalidForm_ReturnsFalse(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(5_000, "5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(7_200_000, "2h")]
    [InlineData(-1_000, "-1s")]
    [InlineData(1_500, "1.5s")]
    public void Format_Duration_WritesGoStyle(long milliseconds, string expected)
    {
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
