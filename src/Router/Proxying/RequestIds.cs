using System.Security.Cryptography;

namespace Router.Proxying;

/// <summary>
/// Random (version 4) UUIDs for <c>X-Vcap-Request-Id</c>, as Gorouter makes them. <see cref="Guid.NewGuid"/> asks the
/// kernel for 16 random bytes on every call, a system call per request; here each thread draws its random bytes in
/// batches of 256 UUIDs from the same cryptographic source and hands them out one by one.
/// </summary>
internal static class RequestIds
{
    private const int BatchBytes = 256 * 16;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_next;

    public static string Next() => NextGuid().ToString();

    public static Guid NextGuid()
    {
        var random = t_random;
        if (random is null || t_next == BatchBytes)
        {
            random = t_random ??= new byte[BatchBytes];
            RandomNumberGenerator.Fill(random);
            t_next = 0;
        }

        // Each batch is this thread's alone and every UUID's bytes are used once, so they are marked in place.
        var bytes = random.AsSpan(t_next, 16);
        t_next += 16;

        // RFC 9562: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8 (big-endian order;
        // Guid's constructor reads the first three fields little-endian, so byte 6 is at index 7 here).
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
