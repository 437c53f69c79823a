using System.Runtime.InteropServices;

namespace Router.Registration;

/// <summary>
/// A block of memory outside the managed heap holding received messages until the subscriber has applied them (see
/// <see cref="PendingPayloads"/>). On Linux it is mapped straight from the kernel and unmapped when freed, so a
/// burst's pages go back to the system as soon as it has been applied; the C allocator would keep them once its own
/// mapping threshold has grown.
/// </summary>
internal sealed unsafe partial class PayloadBlock : IDisposable
{
    private byte* _start;
    private int _written;

    public PayloadBlock(int capacity)
    {
        Capacity = capacity;
        _start = Allocate(capacity);
    }

    ~PayloadBlock() => Free();

    public int Capacity { get; }

    /// <summary>Bytes the writer has filled and published; the reader reads records below this.</summary>
    public int Written => Volatile.Read(ref _written);

    /// <summary>The block the writer went on to when this one was full; set before any record of it is counted.</summary>
    public PayloadBlock? Next { get; set; }

    public Span<byte> Slice(int offset, int length) => new(_start + offset, length);

    /// <summary>Makes <paramref name="length"/> more bytes visible to the reader; called by the writer only.</summary>
    public void Publish(int length) => Volatile.Write(ref _written, _written + length);

    /// <summary>Makes the block empty for reuse by the writer.</summary>
    public void Reset()
    {
        Volatile.Write(ref _written, 0);
        Next = null;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        var start = _start;
        if (start is null)
        {
            return;
        }

        _start = null;
        if (OperatingSystem.IsLinux())
        {
            _ = Munmap(start, (nuint)Capacity);
        }
        else
        {
            NativeMemory.Free(start);
        }
    }

    private static byte* Allocate(int capacity)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (byte*)NativeMemory.Alloc((nuint)capacity);
        }

        const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;
        var start = (byte*)Mmap(null, (nuint)capacity, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (start == (byte*)-1)
        {
            throw new InsufficientMemoryException(
                $"Could not map {capacity} bytes for received NATS messages (errno {Marshal.GetLastPInvokeError()}).");
        }

        return start;
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);
}
