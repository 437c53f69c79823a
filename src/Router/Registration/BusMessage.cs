namespace Router.Registration;

/// <summary>What a message held in <see cref="PendingPayloads"/> asks of the subscriber.</summary>
internal enum BusMessageKind
{
    /// <summary><c>router.register</c>; the body is the registration as received.</summary>
    Register = 1,

    /// <summary><c>router.unregister</c>; the body is the registration as received.</summary>
    Unregister = 2,

    /// <summary><c>router.greet</c>; the body is the reply subject in UTF-8.</summary>
    Greet = 3,
}

/// <summary>
/// A message held in <see cref="PendingPayloads"/>: its kind and where its body lies. The body may be read until the
/// reader advances past the message.
/// </summary>
internal readonly struct BusMessage
{
    private readonly PayloadBlock _block;
    private readonly int _offset;

    public BusMessage(BusMessageKind kind, PayloadBlock block, int offset, int length)
    {
        Kind = kind;
        _block = block;
        _offset = offset;
        Length = length;
    }

    public BusMessageKind Kind { get; }

    /// <summary>Length of the body in bytes.</summary>
    public int Length { get; }

    /// <summary>The body as received.</summary>
    public ReadOnlySpan<byte> Body => _block.Slice(_offset, Length);
}
