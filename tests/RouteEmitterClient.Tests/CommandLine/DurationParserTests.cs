using RouteEmitterClient.CommandLine;

namespace RouteEmitterClient.Tests.CommandLine;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("15", 15_000)]
    [InlineData("0.25", 250)]
    public void TryParse_ValidDuration_ReturnsIt(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("10x")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
