using System.Buffers.Binary;
using Nats.Tests.Infrastructure;

namespace Nats.Tests;

public class ThroughputTests(NatsServerFixture fixture) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task PublishAsync_HundredThousandSmallMessages_AllReceivedInOrder()
    {
        const int Count = 100_000;
        await using var subscriber = await TestConnections.ConnectAsync(fixture.Server);
        await using var publisher = await TestConnections.ConnectAsync(fixture.Server);
        await using var subscription = await subscriber.SubscribeCoreAsync("router.*");
        await subscriber.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var receiving = Task.Run(async () =>
        {
            var expected = 0;
            while (expected < Count)
            {
                var message = await subscription.Msgs.ReadAsync(timeout.Token);
                Assert.Equal(expected, BinaryPrimitives.ReadInt32LittleEndian(message.Data.Span));
                expected++;
            }

            return expected;
        });

        var payload = new byte[120];
        "{\"host\":\"10.0.0.1\",\"port\":8080,\"uris\":[\"app.example.com\"]}"u8.CopyTo(payload.AsSpan(4));
        for (var i = 0; i < Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            await publisher.PublishAsync("router.register", payload, cancellationToken: timeout.Token);
        }

        await publisher.FlushAsync(timeout.Token);

        Assert.Equal(Count, await receiving);
        Assert.Equal(0, subscription.DroppedMessages);
    }
}
