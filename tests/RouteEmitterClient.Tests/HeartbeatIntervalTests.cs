namespace RouteEmitterClient.Tests;

public sealed class HeartbeatIntervalTests
{
    private static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    [Fact]
    public void Choose_NoRouterYet_UsesTheDefault() =>
        Assert.Equal(Default, HeartbeatInterval.Choose(0, 0, 0, Default));

    [Fact]
    public void Choose_RouterStatedAnInterval_UsesIt() =>
        Assert.Equal(TimeSpan.FromSeconds(5), HeartbeatInterval.Choose(5, 120, 0, Default));

    [Fact]
    public void Choose_IntervalReachesThePruneThreshold_HalvesTheThreshold() =>
        Assert.Equal(TimeSpan.FromSeconds(60), HeartbeatInterval.Choose(120, 120, 0, Default));

    [Fact]
    public void Choose_OwnStaleThresholdShorter_StaysInsideIt() =>
        Assert.Equal(TimeSpan.FromSeconds(5), HeartbeatInterval.Choose(20, 120, 10, Default));

    [Fact]
    public void Choose_DefaultLongerThanOwnThreshold_StaysInsideIt() =>
        Assert.Equal(TimeSpan.FromSeconds(4), HeartbeatInterval.Choose(0, 0, 8, Default));
}
