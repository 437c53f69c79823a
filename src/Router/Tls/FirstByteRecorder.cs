namespace Router.Tls;

/// <summary>
/// Passes a backend connection through and remembers the first byte the backend sent. A TLS server's first record
/// is a handshake (22) or an alert (21); anything else is Go's <c>tls.RecordHeaderError</c>, "first record does
/// not look like a TLS handshake": a plain-text server on the TLS port. Reading that byte here tells the case
/// apart without depending on the TLS library's error wording.
/// </summary>
internal sealed class FirstByteRecorder(Stream inner) : Stream
{
    private const int HandshakeRecord = 22;
    private const int AlertRecord = 21;

    /// <summary>The first byte received, or -1 before any.</summary>
    public int FirstByte { get; private set; } = -1;

    /// <summary>True when the backend sent something that cannot start a TLS conversation.</summary>
    public bool SawNonTlsRecord => FirstByte is >= 0 and not HandshakeRecord and not AlertRecord;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Record(buffer.Span, read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Record(buffer, read);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Record(ReadOnlySpan<byte> buffer, int read)
    {
        if (FirstByte < 0 && read > 0)
        {
            FirstByte = buffer[0];
        }
    }
}
