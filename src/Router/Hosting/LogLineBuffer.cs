using System.Buffers;
using System.Text.Json;

namespace Router.Hosting;

/// <summary>
/// The buffer a log line is formatted into: one per thread, reused line after line, so formatting allocates no
/// buffer. <see cref="Rent"/> takes the calling thread's buffer and <see cref="Return"/> gives it back; a line
/// logged while another is being formatted on the same thread (a value's <c>ToString</c> that logs) gets a fresh
/// one instead of corrupting the first.
/// </summary>
internal sealed class LogLineBuffer : IDisposable
{
    private const int InitialBytes = 512;

    /// <summary>A thread that once formatted a huge line (a deep stack trace) does not keep that much memory.</summary>
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static LogLineBuffer? t_cached;

    private Utf8JsonWriter? _json;

    private ArrayBufferWriter<byte>? _scratch;

    /// <summary>The line's UTF-8 bytes written so far.</summary>
    public ArrayBufferWriter<byte> Bytes { get; } = new(InitialBytes);

    /// <summary>An empty buffer for a part of the line that has to be made before it is written (a message the JSON writer escapes).</summary>
    public ArrayBufferWriter<byte> Scratch
    {
        get
        {
            if (_scratch is null)
            {
                _scratch = new ArrayBufferWriter<byte>(InitialBytes);
            }
            else
            {
                _scratch.ResetWrittenCount();
            }

            return _scratch;
        }
    }

    public static LogLineBuffer Rent()
    {
        var buffer = t_cached;
        if (buffer is null)
        {
            return new LogLineBuffer();
        }

        t_cached = null;
        return buffer;
    }

    public static void Return(LogLineBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Bytes.Capacity > MaxRetainedBytes || buffer._scratch?.Capacity > MaxRetainedBytes)
        {
            buffer.Dispose();
            return;
        }

        buffer.Bytes.ResetWrittenCount();
        t_cached = buffer;
    }

    /// <summary>A JSON writer that appends to <see cref="Bytes"/>, reset from whatever an earlier line left in it.</summary>
    public Utf8JsonWriter StartJson()
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(Bytes);
        }
        else
        {
            _json.Reset(Bytes);
        }

        return _json;
    }

    public void Dispose() => _json?.Dispose();
}
