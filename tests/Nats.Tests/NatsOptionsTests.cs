namespace Nats.Tests;

public class NatsOptionsTests
{
    [Fact]
    public void Constructor_Defaults_MatchNatsGoSubscriptionLimits()
    {
        var options = new NatsOptions();

        Assert.Equal(512 * 1024, options.SubscriptionPendingLimit);
        Assert.Equal(64L * 1024 * 1024, options.SubscriptionPendingBytesLimit);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Validate_SubscriptionPendingBytesLimitBelowOne_Throws(long limit)
    {
        var options = new NatsOptions { SubscriptionPendingBytesLimit = limit };

        var exception = Assert.Throws<ArgumentException>(() => new NatsConnection(options));

        Assert.Contains("SubscriptionPendingBytesLimit must be at least 1.", exception.Message);
    }

    [Fact]
    public async Task Validate_SubscriptionPendingBytesLimitOfOne_Accepted()
    {
        await using var connection = new NatsConnection(new NatsOptions { SubscriptionPendingBytesLimit = 1 });

        Assert.Equal(NatsConnectionState.Disconnected, connection.State);
    }
}
