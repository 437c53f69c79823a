using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Router.Proxying;

/// <summary>
/// Random (version 4) UUIDs for <c>X-Vcap-Request-Id</c>, as Gorouter makes them. <see cref="Guid.NewGuid"/> asks the
/// kernel for 16 random bytes on every call, a system call per request; here each thread draws its random bytes in
/// batches of 256 UUIDs from the same source, the kernel's <c>/dev/urandom</c>, and hands them out one by one.
/// </summary>
/// <remarks>
/// The device is read directly rather than through <see cref="RandomNumberGenerator"/>, which on Linux is OpenSSL's
/// generator: loading OpenSSL for request ids alone added about 3.5 MB to the resident set of a router that needs it
/// for nothing else unless a backend or NATS is reached over TLS.
/// </remarks>
internal static class RequestIds
{
    private const int BatchBytes = 256 * 16;

    private static readonly SafeFileHandle? s_urandom =
        OperatingSystem.IsWindows() ? null : File.OpenHandle("/dev/urandom", FileMode.Open, FileAccess.Read);

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
            Fill(random);
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

    private static void Fill(Span<byte> buffer)
    {
        if (s_urandom is null)
        {
            RandomNumberGenerator.Fill(buffer);
            return;
        }

        // The device ignores the offset; a read may return fewer bytes than asked (a signal), so read until full.
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(s_urandom, buffer, fileOffset: 0);
            if (read <= 0)
            {
                throw new IOException("/dev/urandom returned no data.");
            }

            buffer = buffer[read..];
        }
    }
}
