namespace Nats;

/// <summary>
/// A message delivered to a subscription. <paramref name="Data"/> is a private copy that stays valid after the
/// socket buffer it came from is reused.
/// </summary>
/// <param name="Subject">The subject the message was published to.</param>
/// <param name="ReplyTo">The reply subject, or null when the publisher expects no reply.</param>
/// <param name="Data">The payload.</param>
public readonly record struct NatsMessage(string Subject, string? ReplyTo, ReadOnlyMemory<byte> Data);
