using System.Text;

namespace Router.Tests.Hosting;

/// <summary>An output that records every write and what had been flushed; safe to read while the writer thread writes.</summary>
internal class RecordingStream : Stream
{
    private readonly object _gate = new();
    private readonly MemoryStream _written = new();
    private readonly List<byte[]> _writes = [];
    private long _flushedLength;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public bool IsDisposed { get; private set; }

    /// <summary>Everything written and flushed so far, as text.</summary>
    public string FlushedText
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_written.GetBuffer(), 0, (int)_flushedLength);
            }
        }
    }

    /// <summary>The bytes of each write, in order.</summary>
    public byte[][] Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public string[] FlushedLines() => FlushedText.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BeforeWrite();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            _written.Write(buffer);
            _writes.Add(buffer.ToArray());
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            _flushedLength = _written.Length;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected virtual void BeforeWrite()
    {
    }

    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            IsDisposed = true;
        }

        base.Dispose(disposing);
    }
}

/// <summary>An output whose writes wait until the test opens the gate, like a pipe whose reader has stalled.</summary>
internal sealed class GatedStream : RecordingStream
{
    private static readonly TimeSpan GateLimit = TimeSpan.FromSeconds(10);

    private readonly ManualResetEventSlim _gate = new();
    private int _blockedWrites;

    /// <summary>Writes currently waiting at the gate.</summary>
    public int BlockedWrites => Volatile.Read(ref _blockedWrites);

    public void Open() => _gate.Set();

    protected override void BeforeWrite()
    {
        Interlocked.Increment(ref _blockedWrites);
        try
        {
            // Bounded, so a failing test cannot hang the writer thread for ever.
            _gate.Wait(GateLimit);
        }
        finally
        {
            Interlocked.Decrement(ref _blockedWrites);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _gate.Set();
        base.Dispose(disposing);
    }
}

/// <summary>An output that fails every operation, like standard output on a full disk.</summary>
internal sealed class ThrowingStream : Stream
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Interlocked.Increment(ref _attempts);
        throw new IOException("No space left on device");
    }

    public override void Flush() => throw new IOException("No space left on device");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        throw new IOException("Broken pipe");
    }
}
