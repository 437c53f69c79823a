using System.Text;
using Nats.Internal;

namespace Nats.Tests.Internal;

public class OutboundBufferTests
{
    [Fact]
    public async Task TakeAsync_ManyPublishesQueued_ReturnsThemAllInOneBuffer()
    {
        var outbound = new OutboundBuffer();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(WriteResult.Written, outbound.TryWritePublish("s", null, "x"u8));
        }

        var chunk = await outbound.TakeAsync(CancellationToken.None);

        Assert.NotNull(chunk);
        Assert.Equal(string.Concat(Enumerable.Repeat("PUB s 1\r\nx\r\n", 1000)), Encoding.ASCII.GetString(chunk.WrittenSpan));
    }

    [Fact]
    public async Task TakeAsync_NothingQueued_WaitsUntilSomethingIsWritten()
    {
        var outbound = new OutboundBuffer();
        var take = outbound.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(take.IsCompleted);

        outbound.TryWritePublish("late", null, "1"u8);

        var chunk = await take.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("PUB late 1\r\n1\r\n", Encoding.ASCII.GetString(chunk!.WrittenSpan));
    }

    [Fact]
    public async Task TryWritePublish_AboveHighWaterMark_ReportsFullUntilTheWriterTakesTheBuffer()
    {
        var outbound = new OutboundBuffer();
        var payload = new byte[64 * 1024];
        while (outbound.TryWritePublish("big", null, payload) == WriteResult.Written)
        {
        }

        var space = outbound.WaitForSpaceAsync(CancellationToken.None);
        Assert.False(space.IsCompleted);
        Assert.Equal(WriteResult.Full, outbound.TryWritePublish("big", null, payload));

        var chunk = await outbound.TakeAsync(CancellationToken.None);
        await space.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(chunk!.WrittenCount >= OutboundBuffer.HighWaterMark);
        Assert.Equal(WriteResult.Written, outbound.TryWritePublish("big", null, payload));
    }

    [Fact]
    public async Task CompletePong_SeveralPingsOutstanding_CompletesThemInOrder()
    {
        var outbound = new OutboundBuffer();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        outbound.TryWritePing(first);
        outbound.TryWritePing(waiter: null);
        outbound.TryWritePing(second);

        outbound.CompletePong();
        outbound.CompletePong();

        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(second.Task.IsCompleted);
        outbound.CompletePong();
        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Close_PingOutstanding_FailsItsWaiterAndRefusesWrites()
    {
        var outbound = new OutboundBuffer();
        var pong = new TaskCompletionSource();
        outbound.TryWritePing(pong);
        var take = outbound.TakeAsync(CancellationToken.None);
        var reason = new NatsException("socket gone");

        outbound.Close(reason);

        var thrown = await Assert.ThrowsAsync<NatsException>(() => pong.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(reason, thrown);
        Assert.Equal(WriteResult.Closed, outbound.TryWritePublish("s", null, "x"u8));
        Assert.False(outbound.TryWritePing(waiter: null));
        Assert.NotNull(await take);
        Assert.Null(await outbound.TakeAsync(CancellationToken.None));
    }
}
