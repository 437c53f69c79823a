using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Router.AccessLog;

/// <summary>
/// Syslog datagrams gathered for one trip into the kernel. On 64-bit Linux <see cref="Send"/> hands the whole batch
/// to <c>sendmmsg(2)</c>: one system call for up to <see cref="MaxMessages"/> lines instead of one each, which is most
/// of what streaming over UDP costs beyond the kernel's own work per datagram (a system call is dear in a virtual
/// machine). .NET's <see cref="Socket"/> has no call that sends several datagrams at once, hence the few lines of
/// interop here. Elsewhere, or where the C library lacks the call, each datagram goes out with <see cref="Socket.Send(ReadOnlySpan{byte}, SocketFlags)"/>.
/// Used by the syslog sender's one task only.
/// </summary>
internal sealed unsafe partial class DatagramBatch
{
    /// <summary>Datagrams per system call.</summary>
    public const int MaxMessages = 128;

    /// <summary>Room for the batch's bytes: two datagrams of the largest size, a hundred or more access lines.</summary>
    internal const int BufferBytes = 2 * SyslogWireFormat.MaxDatagramBytes;

    private const int ErrnoInterrupted = 4;
    private const int ErrnoWouldBlock = 11;

    private static bool s_sendmmsgMissing = !OperatingSystem.IsLinux() || !Environment.Is64BitProcess;

    // Pinned for the object's life: the kernel reads them through the pointers in the headers.
    private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(BufferBytes, pinned: true);
    private readonly MessageHeader[] _headers = GC.AllocateArray<MessageHeader>(MaxMessages, pinned: true);
    private readonly IoVector[] _vectors = GC.AllocateArray<IoVector>(MaxMessages, pinned: true);
    private readonly int[] _offsets = new int[MaxMessages];
    private int _used;

    /// <summary>Datagrams in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Datagrams of the batch the kernel has taken so far; the rest are lost when <see cref="Send"/> throws.</summary>
    public int Sent { get; private set; }

    /// <summary>Copies <paramref name="datagram"/> into the batch; false when it is full (send it, then add again).</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram)
    {
        if (Count == MaxMessages || _used + datagram.Length > BufferBytes)
        {
            return false;
        }

        datagram.CopyTo(_bytes.AsSpan(_used));
        _offsets[Count] = _used;
        _vectors[Count].Length = (nuint)datagram.Length;
        _used += datagram.Length;
        Count++;
        return true;
    }

    /// <summary>Sends every datagram of the batch on the connected <paramref name="socket"/>, then empties it.</summary>
    /// <exception cref="SocketException">The kernel refused a datagram (<see cref="Sent"/> had been taken before).</exception>
    public void Send(Socket socket)
    {
        while (Sent < Count)
        {
            if (s_sendmmsgMissing || !TrySendMany(socket))
            {
                // A full send buffer, or no sendmmsg: one datagram, waiting for room as Socket.Send does.
                socket.Send(Datagram(Sent), SocketFlags.None);
                Sent++;
            }
        }

        Clear();
    }

    /// <summary>Forgets the batch's datagrams, sent or not.</summary>
    public void Clear()
    {
        Count = 0;
        Sent = 0;
        _used = 0;
    }

    private ReadOnlySpan<byte> Datagram(int index) => _bytes.AsSpan(_offsets[index], (int)_vectors[index].Length);

    /// <summary>One <c>sendmmsg</c> for the datagrams not yet sent; false when the socket would block or the call is missing.</summary>
    private bool TrySendMany(Socket socket)
    {
        var bytes = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_bytes));
        var headers = (MessageHeader*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_headers));
        var vectors = (IoVector*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_vectors));
        for (var i = Sent; i < Count; i++)
        {
            vectors[i].Base = bytes + _offsets[i];
            headers[i] = new MessageHeader { Vectors = vectors + i, VectorCount = 1 };
        }

        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                int taken;
                try
                {
                    taken = SendMany((int)handle.DangerousGetHandle(), headers + Sent, (uint)(Count - Sent), 0);
                }
                catch (EntryPointNotFoundException)
                {
                    s_sendmmsgMissing = true;
                    return false;
                }

                if (taken > 0)
                {
                    Sent += taken;
                    return true;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == ErrnoInterrupted)
                {
                    continue;
                }

                if (errno == ErrnoWouldBlock)
                {
                    return false;
                }

                throw new SocketException((int)ToSocketError(errno), Marshal.GetPInvokeErrorMessage(errno));
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The Linux error numbers a datagram send reports, as .NET names them.</summary>
    private static SocketError ToSocketError(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied,
        90 => SocketError.MessageSize,
        101 => SocketError.NetworkUnreachable,
        105 => SocketError.NoBufferSpaceAvailable,
        111 => SocketError.ConnectionRefused,
        113 => SocketError.HostUnreachable,
        _ => SocketError.SocketError,
    };

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMany(int socket, MessageHeader* messages, uint count, int flags);

    /// <summary><c>struct iovec</c>.</summary>
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct mmsghdr</c> on 64-bit Linux: a <c>struct msghdr</c> (56 bytes) and the bytes sent.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct MessageHeader
    {
        [FieldOffset(0)] public void* Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public IoVector* Vectors;
        [FieldOffset(24)] public nuint VectorCount;
        [FieldOffset(32)] public void* Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
        [FieldOffset(56)] public uint BytesSent;
    }
}
