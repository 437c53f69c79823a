using System.Security.Cryptography;
using System.Text;

namespace Router.RouteServices;

/// <summary>
/// The route-service key and cipher, as Gorouter's <c>common/secure/crypto.go</c> and <c>main.go</c> make them:
/// the key is PBKDF2-HMAC-SHA256 of the secret's UTF-8 bytes with an empty salt, 100,001 iterations, 16 bytes
/// (so AES-128); the cipher is AES-GCM with a 12-byte random nonce, a 16-byte tag appended to the ciphertext
/// (Go's <c>Seal</c> layout) and no additional data.
/// </summary>
internal sealed class RouteServiceCipher : IDisposable
{
    /// <summary>Nonce size of Go's <c>cipher.NewGCM</c>.</summary>
    public const int NonceSize = 12;

    /// <summary>Tag size of Go's <c>cipher.NewGCM</c>.</summary>
    public const int TagSize = 16;

    private const int Iterations = 100_001;
    private const int KeySize = 16;

    // AesGcm instances are not safe for concurrent use; one per thread keeps the request path free of locks.
    // AesGcm encrypts and decrypts in place when input and output are the same span (a case the runtime's own
    // AesGcm tests cover); Seal and TryOpen work in the caller's buffer that way.
    private readonly ThreadLocal<AesGcm> _aes;

    public RouteServiceCipher(string secret)
    {
        var key = DeriveKey(secret);
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(key, TagSize), trackAllValues: true);
    }

    /// <summary>The 16-byte AES key for <paramref name="secret"/>.</summary>
    public static byte[] DeriveKey(string secret) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), ReadOnlySpan<byte>.Empty, Iterations, HashAlgorithmName.SHA256, KeySize);

    /// <summary>
    /// Encrypts in place: <paramref name="sealedText"/> holds the plaintext followed by <see cref="TagSize"/> bytes of
    /// room, and is left holding Go's <c>Seal</c> output, the ciphertext followed by the tag.
    /// </summary>
    public void Seal(ReadOnlySpan<byte> nonce, Span<byte> sealedText)
    {
        var length = sealedText.Length - TagSize;
        var plainText = sealedText[..length];
        _aes.Value!.Encrypt(nonce, plainText, plainText, sealedText[length..]);
    }

    /// <summary>
    /// Decrypts Go's <c>Seal</c> output in place: on success <paramref name="sealedText"/> starts with the
    /// <paramref name="plainLength"/> bytes of plaintext. False when the nonce has the wrong size or the tag does not match.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> nonce, Span<byte> sealedText, out int plainLength, out string error)
    {
        plainLength = 0;
        if (nonce.Length != NonceSize)
        {
            error = "incorrect nonce length";
            return false;
        }

        if (sealedText.Length < TagSize)
        {
            error = "cipher: message authentication failed";
            return false;
        }

        var length = sealedText.Length - TagSize;
        var text = sealedText[..length];
        try
        {
            _aes.Value!.Decrypt(nonce, text, sealedText[length..], text);
        }
        catch (AuthenticationTagMismatchException)
        {
            error = "cipher: message authentication failed";
            return false;
        }

        plainLength = length;
        error = "";
        return true;
    }

    public void Dispose()
    {
        foreach (var aes in _aes.Values)
        {
            aes.Dispose();
        }

        _aes.Dispose();
    }
}
