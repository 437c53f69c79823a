using System.Buffers;
using System.Text;
using Router.Registration;

namespace Router.Tests.Registration;

public class PendingPayloadsTests
{
    [Fact]
    public void TryPeek_ManyBlocksWritten_ReturnsEveryBodyInOrderAndEmpties()
    {
        var pending = new PendingPayloads(PendingPayloads.DefaultMessageLimit, () => { });

        // About 300 bytes each: several blocks' worth.
        const int Messages = 3_000;
        for (var i = 0; i < Messages; i++)
        {
            Assert.True(pending.TryWrite(i % 2 == 0 ? BusMessageKind.Register : BusMessageKind.Unregister, Body(i, 300)));
        }

        Assert.Equal(Messages, pending.Count);
        for (var i = 0; i < Messages; i++)
        {
            Assert.True(pending.TryPeek(out var message));
            Assert.Equal(i % 2 == 0 ? BusMessageKind.Register : BusMessageKind.Unregister, message.Kind);
            Assert.Equal(Text(i, 300), Encoding.UTF8.GetString(message.Body));
            pending.Advance(message);
        }

        Assert.False(pending.TryPeek(out _));
        Assert.Equal(0, pending.Count);
        Assert.Equal(0, pending.PendingBytes);
        Assert.Equal(0, pending.DroppedMessages);
    }

    [Fact]
    public void TryWrite_BodyLargerThanBlock_HeldWhole()
    {
        var pending = new PendingPayloads(PendingPayloads.DefaultMessageLimit, () => { });
        pending.TryWrite(BusMessageKind.Register, Body(1, 10));

        Assert.True(pending.TryWrite(BusMessageKind.Register, Body(2, PendingPayloads.BlockSize + 5)));

        Assert.True(pending.TryPeek(out var first));
        pending.Advance(first);
        Assert.True(pending.TryPeek(out var large));
        Assert.Equal(Text(2, PendingPayloads.BlockSize + 5), Encoding.UTF8.GetString(large.Body));
    }

    [Fact]
    public void TryWrite_ReplySubject_HeldAsUtf8()
    {
        var pending = new PendingPayloads(4, () => { });

        Assert.True(pending.TryWrite(BusMessageKind.Greet, "_INBOX.abc"));

        Assert.True(pending.TryPeek(out var greet));
        Assert.Equal(BusMessageKind.Greet, greet.Kind);
        Assert.Equal("_INBOX.abc", Encoding.UTF8.GetString(greet.Body));
    }

    [Fact]
    public void TryWrite_MessageLimitReached_DropsCountsAndReportsOncePerEpisode()
    {
        var episodes = 0;
        var pending = new PendingPayloads(2, () => episodes++);

        Assert.True(pending.TryWrite(BusMessageKind.Register, Body(0, 10)));
        Assert.True(pending.TryWrite(BusMessageKind.Register, Body(1, 10)));
        Assert.False(pending.TryWrite(BusMessageKind.Register, Body(2, 10)));
        Assert.False(pending.TryWrite(BusMessageKind.Register, Body(3, 10)));

        Assert.Equal(2, pending.DroppedMessages);
        Assert.Equal(1, episodes);

        // Caught up, then full again: a second episode.
        while (pending.TryPeek(out var message))
        {
            pending.Advance(message);
        }

        pending.TryWrite(BusMessageKind.Register, Body(4, 10));
        pending.TryWrite(BusMessageKind.Register, Body(5, 10));
        Assert.False(pending.TryWrite(BusMessageKind.Register, Body(6, 10)));
        Assert.Equal(3, pending.DroppedMessages);
        Assert.Equal(2, episodes);
    }

    [Fact]
    public void TryWrite_BytesLimitReached_Drops()
    {
        // One message allowed: 1 KiB of bodies.
        var pending = new PendingPayloads(1, () => { });

        Assert.False(pending.TryWrite(BusMessageKind.Register, Body(0, 1025)));

        Assert.Equal(1, pending.DroppedMessages);
        Assert.True(pending.TryWrite(BusMessageKind.Register, Body(1, 1024)));
    }

    [Fact]
    public async Task WaitToReadAsync_WrittenFromAnotherThread_Wakes()
    {
        var pending = new PendingPayloads(16, () => { });
        var waiting = pending.WaitToReadAsync(CancellationToken.None).AsTask();

        await Task.Run(() => pending.TryWrite(BusMessageKind.Register, Body(0, 10)));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        pending.Complete();
        Assert.True(pending.TryPeek(out var message));
        pending.Advance(message);
        Assert.False(await pending.WaitToReadAsync(CancellationToken.None));
    }

    private static string Text(int i, int length) => i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(length, 'x');

    private static ReadOnlySequence<byte> Body(int i, int length) => new(Encoding.UTF8.GetBytes(Text(i, length)));
}
