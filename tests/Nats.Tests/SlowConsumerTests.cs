using System.Text;
using Nats.Tests.Infrastructure;
using Router.Testing;

namespace Nats.Tests;

public class SlowConsumerTests(NatsServerFixture fixture) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task Deliver_SubscriptionNotReadWhileTwiceTheLimitArrives_KeepsOldestAndCountsDrops()
    {
        const int Limit = 100;
        var logs = new RecordingLoggerFactory();
        var options = TestConnections.Options(fixture.Server) with { SubscriptionPendingLimit = Limit, LoggerFactory = logs };
        await using var subscriber = await TestConnections.ConnectAsync(options);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("slow.consumer");
        await subscriber.FlushAsync();

        for (var i = 0; i < 2 * Limit; i++)
        {
            await publisher.PublishAsync("slow.consumer", Encoding.ASCII.GetBytes(i.ToString()));
        }

        await publisher.FlushAsync();
        await Eventually.Until(
            "all messages were buffered or dropped",
            () => subscription.PendingMessages + subscription.DroppedMessages == 2 * Limit);

        Assert.Equal(Limit, subscription.PendingMessages);
        Assert.Equal(Limit, subscription.DroppedMessages);
        for (var i = 0; i < Limit; i++)
        {
            Assert.True(subscription.Msgs.TryRead(out var message));
            Assert.Equal(i.ToString(), Encoding.ASCII.GetString(message.Data.Span));
        }

        Assert.Equal(1, logs.Count("nats-slow-consumer"));

        await publisher.PublishAsync("slow.consumer", "room again"u8.ToArray());
        Assert.Equal("room again", Encoding.UTF8.GetString((await subscription.Msgs.NextAsync()).Data.Span));
        Assert.Equal(Limit, subscription.DroppedMessages);
    }
}
