using System.Threading.Channels;
using Nats.Internal;

namespace Nats.Tests.Internal;

public class SubscriptionReaderTests
{
    [Fact]
    public void TryReserve_UpToTheLimit_AcceptsThenRefuses()
    {
        var reader = new SubscriptionReader(Channel.CreateUnbounded<NatsMessage>().Reader, bytesLimit: 100);

        Assert.True(reader.TryReserve(60));
        Assert.True(reader.TryReserve(40));
        Assert.False(reader.TryReserve(1));
        Assert.Equal(100, reader.PendingBytes);
    }

    [Fact]
    public void TryReserve_LargerThanTheLimit_RefusedEvenWhenEmpty()
    {
        var reader = new SubscriptionReader(Channel.CreateUnbounded<NatsMessage>().Reader, bytesLimit: 100);

        Assert.False(reader.TryReserve(101));
        Assert.Equal(0, reader.PendingBytes);
    }

    [Fact]
    public void TryReserve_ZeroBytesAtTheLimit_Accepted()
    {
        var reader = new SubscriptionReader(Channel.CreateUnbounded<NatsMessage>().Reader, bytesLimit: 100);
        Assert.True(reader.TryReserve(100));

        Assert.True(reader.TryReserve(0));
    }

    [Fact]
    public void TryRead_MessageBuffered_ReleasesItsPayloadBytes()
    {
        var channel = Channel.CreateUnbounded<NatsMessage>();
        var reader = new SubscriptionReader(channel.Reader, bytesLimit: 100);
        Assert.True(reader.TryReserve(100));
        Assert.True(channel.Writer.TryWrite(new NatsMessage("s", null, new byte[100])));

        Assert.True(reader.TryRead(out var message));

        Assert.Equal(100, message.Data.Length);
        Assert.Equal(0, reader.PendingBytes);
        Assert.True(reader.TryReserve(100));
    }

    [Fact]
    public async Task TryReserve_ConcurrentWritersAndReader_NeverExceedsLimitAndEndsAtZero()
    {
        const int Limit = 1000;
        const int PerWriter = 20_000;
        var channel = Channel.CreateUnbounded<NatsMessage>();
        var reader = new SubscriptionReader(channel.Reader, Limit);
        var accepted = 0;
        var payload = new byte[7];

        void Write()
        {
            for (var i = 0; i < PerWriter; i++)
            {
                if (reader.TryReserve(payload.Length))
                {
                    Assert.InRange(reader.PendingBytes, 0, Limit);
                    Assert.True(channel.Writer.TryWrite(new NatsMessage("s", null, payload)));
                    Interlocked.Increment(ref accepted);
                }
            }
        }

        var read = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in reader.ReadAllAsync())
            {
                read++;
            }
        });
        await Task.WhenAll(Task.Run(Write), Task.Run(Write)).WaitAsync(TimeSpan.FromSeconds(10));
        channel.Writer.Complete();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(accepted > 0);
        Assert.Equal(accepted, read);
        Assert.Equal(0, reader.PendingBytes);
    }
}
