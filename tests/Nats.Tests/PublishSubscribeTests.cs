using System.Text;
using Nats.Tests.Infrastructure;
using Router.Testing;

namespace Nats.Tests;

public class PublishSubscribeTests(NatsServerFixture fixture) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task PublishAsync_SubscriberOnOtherConnection_ReceivesSubjectReplyAndPayload()
    {
        await using var subscriber = await TestConnections.ConnectAsync(fixture.Server);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("round.trip");
        await subscriber.FlushAsync();

        await publisher.PublishAsync("round.trip", "hello"u8.ToArray(), replyTo: "answer.here");
        await publisher.FlushAsync();

        var message = await subscription.Msgs.NextAsync();
        Assert.Equal("round.trip", message.Subject);
        Assert.Equal("answer.here", message.ReplyTo);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Data.Span));
        Assert.Equal(NatsConnectionState.Connected, subscriber.State);
    }

    [Fact]
    public async Task PublishAsync_WildcardSubscription_ReceivesEachSubjectInOrder()
    {
        await using var connection = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await connection.SubscribeCoreAsync("router.*");

        await connection.PublishAsync("router.register", "1"u8.ToArray());
        await connection.PublishAsync("router.unregister", "2"u8.ToArray());
        await connection.PublishAsync("router.register", ReadOnlyMemory<byte>.Empty);
        await connection.PublishAsync("other.subject", "x"u8.ToArray());

        var first = await subscription.Msgs.NextAsync();
        var second = await subscription.Msgs.NextAsync();
        var third = await subscription.Msgs.NextAsync();
        Assert.Equal(("router.register", "1"), (first.Subject, Encoding.UTF8.GetString(first.Data.Span)));
        Assert.Equal(("router.unregister", "2"), (second.Subject, Encoding.UTF8.GetString(second.Data.Span)));
        Assert.Equal(("router.register", 0), (third.Subject, third.Data.Length));
        Assert.Null(third.ReplyTo);
    }

    [Fact]
    public async Task PublishAsync_PayloadsUpToMaxPayloadQueuedUnread_ReadBackIntactInOrder()
    {
        await using var subscriber = await TestConnections.ConnectAsync(fixture.Server);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("sizes");
        await subscriber.FlushAsync();

        // Sizes around the subscription buffer's 256 KB blocks, up to the server's 1 MB max_payload, all queued
        // before the first read, so blocks fill, overflow into new ones and are handed back while reading.
        int[] sizes = [0, 1, 255, 262_000, 262_144, 300_000, 1_048_576, 17, 524_288, 3];
        var payloads = sizes.Select((size, i) =>
        {
            var payload = new byte[size];
            new Random(i).NextBytes(payload);
            return payload;
        }).ToList();
        foreach (var payload in payloads)
        {
            await publisher.PublishAsync("sizes", payload);
        }

        await publisher.FlushAsync();
        await Eventually.Until("all messages arrived", () => subscription.PendingMessages == payloads.Count);
        Assert.Equal(sizes.Sum(), subscription.PendingBytes);

        foreach (var expected in payloads)
        {
            var message = await subscription.Msgs.NextAsync();
            Assert.True(expected.AsSpan().SequenceEqual(message.Data.Span), $"payload of {expected.Length} bytes differs");
        }

        Assert.Equal(0, subscription.PendingBytes);
    }

    [Fact]
    public async Task SubscribeAsync_Enumerated_YieldsMessagesAndUnsubscribesWhenStopped()
    {
        await using var connection = await TestConnections.ConnectAsync(fixture.Server);
        using var timeout = new CancellationTokenSource(TestConnections.Timeout);
        var received = new List<string>();
        await using var enumerator = connection.SubscribeAsync("enumerated", cancellationToken: timeout.Token).GetAsyncEnumerator();
        var first = enumerator.MoveNextAsync();
        await connection.PublishAsync("enumerated", "a"u8.ToArray());
        await connection.PublishAsync("enumerated", "b"u8.ToArray());

        Assert.True(await first);
        received.Add(Encoding.UTF8.GetString(enumerator.Current.Data.Span));
        Assert.True(await enumerator.MoveNextAsync());
        received.Add(Encoding.UTF8.GetString(enumerator.Current.Data.Span));

        Assert.Equal(["a", "b"], received);
    }

    [Fact]
    public async Task SubscribeCoreAsync_QueueGroup_EachMessageGoesToOneMember()
    {
        await using var first = await TestConnections.ConnectAsync(fixture.Server);
        await using var second = await TestConnections.ConnectAsync(fixture.Server);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var memberA = await first.SubscribeCoreAsync("jobs", "workers");
        await using var memberB = await second.SubscribeCoreAsync("jobs", "workers");
        await first.FlushAsync();
        await second.FlushAsync();
        const int Count = 200;

        for (var i = 0; i < Count; i++)
        {
            await publisher.PublishAsync("jobs", Encoding.ASCII.GetBytes(i.ToString()));
        }

        await publisher.FlushAsync();

        await Router.Testing.Eventually.Until(
            "every job was delivered to one member",
            () => memberA.PendingMessages + memberB.PendingMessages == Count);
        Assert.True(memberA.PendingMessages > 0, "the server spreads a queue group's messages over its members");
        Assert.True(memberB.PendingMessages > 0, "the server spreads a queue group's messages over its members");
        var all = new List<int>();
        foreach (var member in new[] { memberA, memberB })
        {
            while (member.Msgs.TryRead(out var message))
            {
                all.Add(int.Parse(Encoding.ASCII.GetString(message.Data.Span)));
            }
        }

        Assert.Equal(Enumerable.Range(0, Count), all.Order());
    }

    [Fact]
    public async Task DisposeAsync_Subscription_StopsDeliveryAndCompletesReader()
    {
        await using var connection = await TestConnections.ConnectAsync(fixture.Server);
        var subscription = await connection.SubscribeCoreAsync("unsubscribed");
        await using var witness = await connection.SubscribeCoreAsync("unsubscribed");

        await subscription.DisposeAsync();
        await connection.PublishAsync("unsubscribed", "late"u8.ToArray());

        // The witness on the same connection sees the message only after the UNSUB reached the server.
        await witness.Msgs.NextAsync();
        Assert.False(await subscription.Msgs.WaitToReadAsync());
        Assert.Equal(0, subscription.PendingMessages);
    }

    [Fact]
    public async Task SubscribeCoreAsync_BeforeConnect_IsSentOnConnect()
    {
        await using var connection = new NatsConnection(TestConnections.Options(fixture.Server));
        await using var subscription = await connection.SubscribeCoreAsync("early.bird");

        await connection.ConnectAsync();
        await connection.PublishAsync("early.bird", "worm"u8.ToArray());

        var message = await subscription.Msgs.NextAsync();
        Assert.Equal("worm", Encoding.UTF8.GetString(message.Data.Span));
    }

    [Fact]
    public async Task PublishAsync_BeforeConnect_ThrowsNatsException()
    {
        await using var connection = new NatsConnection(TestConnections.Options(fixture.Server));

        await Assert.ThrowsAsync<NatsException>(async () => await connection.PublishAsync("x", "y"u8.ToArray()));
    }

    [Fact]
    public async Task PublishAsync_AfterDispose_ThrowsNatsExceptionAndSubscriptionsComplete()
    {
        var connection = await TestConnections.ConnectAsync(fixture.Server);
        var subscription = await connection.SubscribeCoreAsync("closing");

        await connection.DisposeAsync();

        Assert.Equal(NatsConnectionState.Closed, connection.State);
        await Assert.ThrowsAsync<NatsException>(async () => await connection.PublishAsync("x", "y"u8.ToArray()));
        await Assert.ThrowsAsync<NatsException>(async () => await connection.FlushAsync());
        await Assert.ThrowsAsync<NatsException>(async () => await connection.SubscribeCoreAsync("x"));
        Assert.False(await subscription.Msgs.WaitToReadAsync());
    }

    [Fact]
    public async Task DisposeAsync_RightAfterPublishing_FlushesPendingPublishes()
    {
        await using var subscriber = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("last.words");
        await subscriber.FlushAsync();
        var publisher = await TestConnections.ConnectAsync(fixture.Server);

        for (var i = 0; i < 100; i++)
        {
            await publisher.PublishAsync("last.words", "bye"u8.ToArray());
        }

        await publisher.DisposeAsync();

        await Router.Testing.Eventually.Until("all 100 publishes arrived", () => subscription.PendingMessages == 100);
    }

    [Fact]
    public async Task PublishAsync_PayloadAboveMaxPayload_ThrowsNatsException()
    {
        await using var connection = await TestConnections.ConnectAsync(fixture.Server);

        var exception = await Assert.ThrowsAsync<NatsException>(
            async () => await connection.PublishAsync("too.big", new byte[(1024 * 1024) + 1]));

        Assert.Contains("max_payload", exception.Message);
        await connection.FlushAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("new\r\nline")]
    public async Task PublishAsync_SubjectWithWhitespace_ThrowsArgumentException(string subject)
    {
        await using var connection = await TestConnections.ConnectAsync(fixture.Server);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await connection.PublishAsync(subject, "x"u8.ToArray()));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await connection.SubscribeCoreAsync(subject));
    }
}
