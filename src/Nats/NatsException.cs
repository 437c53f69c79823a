using System.Diagnostics.CodeAnalysis;

namespace Nats;

/// <summary>
/// A NATS failure: no server reachable, the server rejected the connection, the connection is closed, a request timed
/// out, or a payload is larger than the server accepts.
/// </summary>
public class NatsException : Exception
{
    /// <summary>Creates an exception without a message.</summary>
    public NatsException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public NatsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the failure that caused it.</summary>
    public NatsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    [DoesNotReturn]
    internal static void ThrowClosed() =>
        throw new NatsException("The NATS connection is closed.");

    [DoesNotReturn]
    internal static void ThrowNotConnected() =>
        throw new NatsException("The NATS connection has not been opened; call ConnectAsync first.");

    [DoesNotReturn]
    internal static void ThrowPayloadTooLarge(int size, long maxPayload) =>
        throw new NatsException($"The payload of {size} bytes exceeds the server's max_payload of {maxPayload} bytes.");
}
