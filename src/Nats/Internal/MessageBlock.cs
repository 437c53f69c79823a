using System.Runtime.InteropServices;

namespace Nats.Internal;

/// <summary>
/// A block of memory outside the managed heap that holds received messages until they are read. On Linux it is
/// mapped straight from the kernel and unmapped when freed, so its pages go back to the system at once; the C
/// allocator would keep them for reuse once its own threshold for mapping has grown.
/// </summary>
internal sealed unsafe partial class MessageBlock : IDisposable
{
    private byte* _start;

    public MessageBlock(int capacity)
    {
        Capacity = capacity;
        _start = Allocate(capacity);
    }

    ~MessageBlock() => Release();

    public int Capacity { get; }

    /// <summary>Bytes written and published by the writer; readers read up to here.</summary>
    public int Written;

    /// <summary>The block the writer went on to once this one was full; set before any record in it is counted.</summary>
    public MessageBlock? Next;

    public Span<byte> Slice(int offset, int length) => new(_start + offset, length);

    /// <summary>Makes the block empty for reuse by the writer.</summary>
    public void Reset()
    {
        Written = 0;
        Next = null;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
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
        byte* start;
        if (OperatingSystem.IsLinux())
        {
            const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20;
            start = (byte*)Mmap(null, (nuint)capacity, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if (start == (byte*)-1)
            {
                throw new InvalidOperationException(
                    $"Could not map {capacity} bytes for received messages (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        else
        {
            start = (byte*)NativeMemory.Alloc((nuint)capacity);
        }

        return start;
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);
}
