using System.Buffers;

namespace Router.RouteServices;

/// <summary>
/// Working bytes for one signing or check: the caller's stack buffer when <c>size</c> fits in it, else an array
/// from the shared pool, given back on <see cref="Dispose"/>. Long forwarded URLs and headers thus cost no garbage,
/// short ones no pool traffic.
/// </summary>
internal ref struct ScratchBytes
{
    private byte[]? _rented;

    public ScratchBytes(Span<byte> stack, int size)
    {
        if (size <= stack.Length)
        {
            Span = stack[..size];
            return;
        }

        _rented = ArrayPool<byte>.Shared.Rent(size);
        Span = _rented.AsSpan(0, size);
    }

    /// <summary>Exactly the size asked for.</summary>
    public Span<byte> Span { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
