using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Threading.Channels;
using Nats.Internal;

namespace Nats.Tests.Internal;

public class MessageBufferTests
{
    [Fact]
    public void TryReserve_UpToTheLimit_AcceptsThenRefuses()
    {
        var buffer = new MessageBuffer(bytesLimit: 100);

        Assert.True(buffer.TryReserve(60));
        Assert.True(buffer.TryReserve(40));
        Assert.False(buffer.TryReserve(1));
        Assert.Equal(100, buffer.PendingBytes);
    }

    [Fact]
    public void TryReserve_LargerThanTheLimit_RefusedEvenWhenEmpty()
    {
        var buffer = new MessageBuffer(bytesLimit: 100);

        Assert.False(buffer.TryReserve(101));
        Assert.Equal(0, buffer.PendingBytes);
    }

    [Fact]
    public void TryReserve_ZeroBytesAtTheLimit_Accepted()
    {
        var buffer = new MessageBuffer(bytesLimit: 100);
        Assert.True(buffer.TryReserve(100));

        Assert.True(buffer.TryReserve(0));
    }

    [Fact]
    public void TryRead_MessageBuffered_ReturnsItAndReleasesItsPayloadBytes()
    {
        var buffer = new MessageBuffer(bytesLimit: 100);
        Assert.True(buffer.TryReserve(5));
        Write(buffer, "router.greet", "_INBOX.abc", "hello"u8.ToArray());

        Assert.Equal(1, buffer.Count);
        Assert.True(buffer.TryRead(out var message));

        Assert.Equal("router.greet", message.Subject);
        Assert.Equal("_INBOX.abc", message.ReplyTo);
        Assert.Equal("hello"u8.ToArray(), message.Data.ToArray());
        Assert.Equal(0, buffer.PendingBytes);
        Assert.Equal(0, buffer.Count);
        Assert.False(buffer.TryRead(out _));
    }

    [Fact]
    public void TryRead_EmptyPayloadAndNoReply_ReadsBackSo()
    {
        var buffer = new MessageBuffer(bytesLimit: 100);
        Write(buffer, "a", null, []);

        Assert.True(buffer.TryRead(out var message));

        Assert.Equal("a", message.Subject);
        Assert.Null(message.ReplyTo);
        Assert.Equal(0, message.Data.Length);
    }

    [Fact]
    public void TryRead_ManyBlocksOfMessagesOfEverySize_OldestFirstAndBlocksGivenBack()
    {
        var buffer = new MessageBuffer(bytesLimit: long.MaxValue);
        var sizes = new[] { 0, 1, 3, 4, 300, 4_096, MessageBuffer.BlockSize - 40, MessageBuffer.BlockSize, 3 * MessageBuffer.BlockSize + 5 };
        var expected = new List<byte[]>();
        for (var i = 0; i < 4_000; i++)
        {
            var payload = Payload(i, sizes[i % sizes.Length] + (i % 7));
            expected.Add(payload);
            Assert.True(buffer.TryReserve(payload.Length));
            Write(buffer, i % 2 == 0 ? "router.register" : "router.unregister", i % 3 == 0 ? "_INBOX." + i : null, payload);
        }

        Assert.True(buffer.AllocatedBlocks > 100);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(buffer.TryRead(out var message));
            Assert.Equal(i % 2 == 0 ? "router.register" : "router.unregister", message.Subject);
            Assert.Equal(i % 3 == 0 ? "_INBOX." + i : null, message.ReplyTo);
            Assert.True(expected[i].AsSpan().SequenceEqual(message.Data.Span), $"payload {i} differs");
        }

        Assert.False(buffer.TryRead(out _));
        Assert.Equal(0, buffer.PendingBytes);

        // The block being filled and one spare stay; everything read before them is freed.
        Assert.InRange(buffer.AllocatedBlocks, 1, 2);
    }

    [Fact]
    public void Write_SteadyTrickleReadAsItArrives_ReusesTheSameBlocks()
    {
        var buffer = new MessageBuffer(bytesLimit: long.MaxValue);
        var payload = new byte[1_000];
        for (var i = 0; i < 10 * MessageBuffer.BlockSize / payload.Length; i++)
        {
            Write(buffer, "router.register", null, payload);
            Assert.True(buffer.TryRead(out _));
        }

        Assert.InRange(buffer.AllocatedBlocks, 1, 2);
    }

    [Fact]
    public async Task WaitToReadAsync_Empty_CompletesWhenAMessageArrives()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new MessageBuffer(bytesLimit: 100);
        var waiting = buffer.WaitToReadAsync(timeout.Token).AsTask();
        Assert.False(waiting.IsCompleted);

        Write(buffer, "s", null, "x"u8.ToArray());

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10), timeout.Token));
        Assert.True(buffer.TryRead(out _));
    }

    [Fact]
    public async Task Complete_MessagesLeft_ReadableThenReaderEnds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new MessageBuffer(bytesLimit: 100);
        Write(buffer, "s", null, "1"u8.ToArray());
        Write(buffer, "s", null, "2"u8.ToArray());

        buffer.Complete();

        Assert.False(buffer.Completion.IsCompleted);
        var read = new List<string>();
        await foreach (var message in buffer.ReadAllAsync(timeout.Token))
        {
            read.Add(Encoding.UTF8.GetString(message.Data.Span));
        }

        Assert.Equal(["1", "2"], read);
        Assert.True(buffer.Completion.IsCompletedSuccessfully);
        await Assert.ThrowsAsync<ChannelClosedException>(async () => await buffer.ReadAsync(timeout.Token));
    }

    [Fact]
    public async Task WaitToReadAsync_Cancelled_Throws()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new MessageBuffer(bytesLimit: 100);
        using var cancel = new CancellationTokenSource();
        var waiting = buffer.WaitToReadAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task WriteAndRead_ConcurrentlyAtTheBytesLimit_EveryMessageReadInOrder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const int Limit = 16 * 1024;
        const int Messages = 200_000;
        var buffer = new MessageBuffer(Limit);
        var refused = 0;

        // The writer waits for room instead of dropping, so the reader must see every message, oldest first,
        // while the buffer keeps running full and blocks are handed from writer to reader and back.
        var writing = Task.Run(() =>
        {
            var payload = new byte[8 + 64];
            for (var i = 0; i < Messages; i++)
            {
                var length = 8 + (i % 64);
                while (!buffer.TryReserve(length))
                {
                    refused++;
                    Thread.Yield();
                }

                Assert.InRange(buffer.PendingBytes, 0, Limit);
                BinaryPrimitives.WriteInt32LittleEndian(payload, i);
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), ~i);
                Write(buffer, "router.register", null, payload.AsSpan(0, length).ToArray());
            }

            buffer.Complete();
        }, timeout.Token);

        var next = 0;
        await foreach (var message in buffer.ReadAllAsync(timeout.Token))
        {
            Assert.Equal(next, BinaryPrimitives.ReadInt32LittleEndian(message.Data.Span));
            Assert.Equal(~next, BinaryPrimitives.ReadInt32LittleEndian(message.Data.Span[4..]));
            Assert.Equal(8 + (next % 64), message.Data.Length);
            next++;
        }

        await writing;
        Assert.Equal(Messages, next);
        Assert.True(refused > 0, "the buffer never filled up");
        Assert.Equal(0, buffer.PendingBytes);
        Assert.InRange(buffer.AllocatedBlocks, 1, 2);
    }

    [Fact]
    public async Task WaitToReadAsync_WriterPausingBetweenMessages_ReaderWokenForEveryOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const int Messages = 20_000;
        var buffer = new MessageBuffer(bytesLimit: long.MaxValue);

        // The reader mostly finds the buffer empty and waits; each write must wake it.
        var writing = Task.Run(() =>
        {
            for (var i = 0; i < Messages; i++)
            {
                Write(buffer, "router.register", null, BitConverter.GetBytes(i));
                if (i % 3 == 0)
                {
                    Thread.Yield();
                }
            }
        }, timeout.Token);

        var next = 0;
        while (next < Messages && await buffer.WaitToReadAsync(timeout.Token))
        {
            while (buffer.TryRead(out var message))
            {
                Assert.Equal(next++, BitConverter.ToInt32(message.Data.Span));
            }
        }

        await writing;
        Assert.Equal(Messages, next);
    }

    [Fact]
    public void TryPeek_MessageBuffered_ReturnsItWithoutTakingIt()
    {
        var buffer = new MessageBuffer(bytesLimit: 100);
        Assert.False(buffer.TryPeek(out _));
        Write(buffer, "s", null, "1"u8.ToArray());
        Write(buffer, "s", null, "2"u8.ToArray());

        Assert.True(buffer.TryPeek(out var peeked));
        Assert.True(buffer.TryPeek(out var again));
        Assert.True(buffer.TryRead(out var read));

        Assert.Equal("1", Encoding.UTF8.GetString(peeked.Data.Span));
        Assert.Equal("1", Encoding.UTF8.GetString(again.Data.Span));
        Assert.Equal("1", Encoding.UTF8.GetString(read.Data.Span));
        Assert.Equal(1, buffer.Count);
    }

    private static void Write(MessageBuffer buffer, string subject, string? replyTo, byte[] payload) =>
        buffer.Write(
            new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(subject)),
            replyTo is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(replyTo)),
            new ReadOnlySequence<byte>(payload));

    private static byte[] Payload(int seed, int length)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }
}
