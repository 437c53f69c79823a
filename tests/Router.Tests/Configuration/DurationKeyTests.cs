namespace Router.Tests.Configuration;

public class DurationKeyTests
{
    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("'30'", 30_000)]
    [InlineData("0.5", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("0", 0)]
    public void LoadFromYaml_DurationInAnyForm_Parsed(string text, long expectedMilliseconds)
    {
        var o = ConfigTestHelpers.Load($"drain_wait: {text}\n").Options;

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), o.DrainWait);
    }
}
