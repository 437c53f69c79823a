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

    [Fact]
    public async Task Deliver_BytesLimitReachedBeforeMessageLimit_KeepsOldestAndCountsDrops()
    {
        const int Size = 100;
        const int Fit = 10;
        const int Sent = 25;
        var logs = new RecordingLoggerFactory();
        var options = TestConnections.Options(fixture.Server) with
        {
            SubscriptionPendingLimit = 1000,
            SubscriptionPendingBytesLimit = Fit * Size,
            LoggerFactory = logs,
        };
        await using var subscriber = await TestConnections.ConnectAsync(options);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("slow.bytes");
        await subscriber.FlushAsync();

        await PublishNumberedAsync(publisher, "slow.bytes", 0, Sent, Size);
        await Eventually.Until(
            "all messages were buffered or dropped",
            () => subscription.PendingMessages + subscription.DroppedMessages == Sent);

        Assert.Equal(Fit, subscription.PendingMessages);
        Assert.Equal(Fit * Size, subscription.PendingBytes);
        Assert.Equal(Sent - Fit, subscription.DroppedMessages);
        Assert.Equal(1, logs.Count("nats-slow-consumer"));
        Assert.Equal(Enumerable.Range(0, Fit), ReadNumbers(subscription, Fit));
        Assert.Equal(0, subscription.PendingBytes);
    }

    [Fact]
    public async Task Msgs_ReadWhileBytesLimitReached_AcceptsNewMessagesAgain()
    {
        const int Size = 100;
        const int Fit = 10;
        const int Read = 3;
        var logs = new RecordingLoggerFactory();
        var options = TestConnections.Options(fixture.Server) with
        {
            SubscriptionPendingBytesLimit = Fit * Size,
            LoggerFactory = logs,
        };
        await using var subscriber = await TestConnections.ConnectAsync(options);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("slow.freed");
        await subscriber.FlushAsync();
        await PublishNumberedAsync(publisher, "slow.freed", 0, Fit + 1, Size);
        await Eventually.Until("the message over the bytes limit was dropped", () => subscription.DroppedMessages == 1);
        Assert.Equal(Fit, subscription.PendingMessages);

        Assert.Equal(Enumerable.Range(0, Read), ReadNumbers(subscription, Read));
        Assert.Equal((Fit - Read) * Size, subscription.PendingBytes);

        await PublishNumberedAsync(publisher, "slow.freed", 100, Read, Size);
        await Eventually.Until("the freed bytes took new messages", () => subscription.PendingMessages == Fit);
        Assert.Equal(1, subscription.DroppedMessages);
        Assert.Equal(Fit * Size, subscription.PendingBytes);

        await PublishNumberedAsync(publisher, "slow.freed", 200, 1, Size);
        await Eventually.Until("the buffer was full again", () => subscription.DroppedMessages == 2);
        Assert.Equal(
            Enumerable.Range(Read, Fit - Read).Concat(Enumerable.Range(100, Read)),
            ReadNumbers(subscription, Fit));
        Assert.Equal(1, logs.Count("nats-slow-consumer"));
    }

    [Fact]
    public async Task PendingBytes_MessagesReadEachWay_FollowsReads()
    {
        await using var subscriber = await TestConnections.ConnectAsync(fixture.Server);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("slow.pending");
        await subscriber.FlushAsync();
        var reader = subscription.Msgs;
        for (var size = 10; size <= 60; size += 10)
        {
            await publisher.PublishAsync("slow.pending", new byte[size]);
        }

        await publisher.FlushAsync();
        await Eventually.Until("all six messages arrived", () => subscription.PendingMessages == 6);
        Assert.Equal(210, subscription.PendingBytes);

        Assert.True(reader.TryPeek(out var peeked));
        Assert.Equal(10, peeked.Data.Length);
        Assert.Equal(210, subscription.PendingBytes);

        Assert.True(reader.TryRead(out _));
        Assert.Equal(200, subscription.PendingBytes);

        Assert.Equal(20, (await reader.ReadAsync()).Data.Length);
        Assert.Equal(180, subscription.PendingBytes);

        Assert.True(await reader.WaitToReadAsync());
        Assert.True(reader.TryRead(out _));
        Assert.Equal(150, subscription.PendingBytes);

        using var timeout = new CancellationTokenSource(TestConnections.Timeout);
        var remaining = 3;
        await foreach (var _ in reader.ReadAllAsync(timeout.Token))
        {
            if (--remaining == 0)
            {
                break;
            }
        }

        Assert.Equal(0, subscription.PendingMessages);
        Assert.Equal(0, subscription.PendingBytes);

        var waiting = reader.ReadAsync(timeout.Token);
        Assert.False(waiting.IsCompleted);
        await publisher.PublishAsync("slow.pending", new byte[70]);
        Assert.Equal(70, (await waiting).Data.Length);
        Assert.Equal(0, subscription.PendingBytes);
    }

    private static async Task PublishNumberedAsync(NatsConnection publisher, string subject, int first, int count, int size)
    {
        for (var i = first; i < first + count; i++)
        {
            await publisher.PublishAsync(subject, Encoding.ASCII.GetBytes(i.ToString().PadLeft(size, '0')));
        }

        await publisher.FlushAsync();
    }

    private static List<int> ReadNumbers(NatsSubscription subscription, int count)
    {
        var numbers = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            Assert.True(subscription.Msgs.TryRead(out var message));
            numbers.Add(int.Parse(Encoding.ASCII.GetString(message.Data.Span)));
        }

        return numbers;
    }
}
