using System.Security.Cryptography;

namespace Router.RouteServices;

/// <summary>
/// Makes and checks the signature headers of route-service requests, as Gorouter's
/// <c>routeservice/routeservice_config.go</c> and <c>routeservice/signature.go</c> do: the signature is the sealed JSON
/// of the forwarded URL and the time, the metadata carries the nonce. A signature that does not open with the
/// current key is tried with <c>route_services_secret_decrypt_only</c> (key rotation). Both directions work in one
/// buffer on the stack (from the shared pool for long forwarded URLs): signing allocates only the two header strings,
/// checking only the forwarded URL it reads back.
/// </summary>
internal sealed class RouteServiceSigner : IDisposable
{
    /// <summary>Gorouter's <c>routeservice.ErrExpired</c> text.</summary>
    public const string ExpiredError = "route service request expired";

    // Largest buffer taken on the stack: the signature of a forwarded URL of up to about 900 characters (fewer when
    // they need escapes) and any metadata Gorouter writes fit; a longer one uses a pooled array.
    private const int StackBytes = 1024;

    // Nonces drawn at once per thread. RandomNumberGenerator.Fill (OpenSSL's generator) costs about the same for
    // 3 KB as for 12 bytes, some 3 us on the 2-core test machine, which was most of signing.
    private const int NonceBatch = 256;

    [ThreadStatic]
    private static byte[]? t_nonces;

    [ThreadStatic]
    private static int t_nextNonce;

    private readonly RouteServiceCipher _current;
    private readonly RouteServiceCipher? _previous;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public RouteServiceSigner(string secret, string previousSecret, TimeSpan timeout, TimeProvider time)
    {
        _current = new RouteServiceCipher(secret);
        _previous = previousSecret.Length > 0 ? new RouteServiceCipher(previousSecret) : null;
        _timeout = timeout;
        _time = time;
    }

    /// <summary>The <c>X-CF-Proxy-Signature</c> and <c>X-CF-Proxy-Metadata</c> values for <paramref name="forwardedUrl"/>, signed now.</summary>
    public (string Signature, string Metadata) Sign(string forwardedUrl) =>
        Sign(_current, forwardedUrl, _time.GetUtcNow(), NextNonce());

    /// <summary>
    /// A fresh random nonce, as Go's <c>crypto/rand</c> gives Gorouter one: the next 12 bytes of this thread's batch
    /// from <see cref="RandomNumberGenerator"/>. Each batch is this thread's alone and each nonce is handed out once.
    /// </summary>
    private static ReadOnlySpan<byte> NextNonce()
    {
        var nonces = t_nonces;
        if (nonces is null || t_nextNonce == nonces.Length)
        {
            nonces = t_nonces ??= new byte[NonceBatch * RouteServiceCipher.NonceSize];
            RandomNumberGenerator.Fill(nonces);
            t_nextNonce = 0;
        }

        var nonce = nonces.AsSpan(t_nextNonce, RouteServiceCipher.NonceSize);
        t_nextNonce += RouteServiceCipher.NonceSize;
        return nonce;
    }

    /// <summary>The headers for given contents and nonce; deterministic, for known-answer checks.</summary>
    public static (string Signature, string Metadata) Sign(RouteServiceCipher cipher, string forwardedUrl, DateTimeOffset requestedTime, ReadOnlySpan<byte> nonce)
    {
        Span<byte> buffer = stackalloc byte[StackBytes];
        if (SignatureJson.TryWriteContents(forwardedUrl, requestedTime, buffer[..^RouteServiceCipher.TagSize], out var length))
        {
            return Seal(cipher, nonce, buffer[..(length + RouteServiceCipher.TagSize)]);
        }

        using var pooled = new ScratchBytes([], SignatureJson.MaxContentsLength(forwardedUrl.Length) + RouteServiceCipher.TagSize);
        SignatureJson.TryWriteContents(forwardedUrl, requestedTime, pooled.Span, out length);
        return Seal(cipher, nonce, pooled.Span[..(length + RouteServiceCipher.TagSize)]);
    }

    /// <summary>Opens and dates a signature that came back from a route service.</summary>
    public SignatureCheck Check(string signature, string metadata)
    {
        var opened = Open(_current, signature, metadata);
        if (!opened.Ok && _previous is not null)
        {
            opened = Open(_previous, signature, metadata);
        }

        if (!opened.Ok)
        {
            return SignatureCheck.Invalid(opened.Error);
        }

        return _time.GetUtcNow() - opened.Contents.RequestedTime > _timeout
            ? new SignatureCheck(SignatureVerdict.Expired, opened.Contents, ExpiredError)
            : new SignatureCheck(SignatureVerdict.Valid, opened.Contents, "");
    }

    public void Dispose()
    {
        _current.Dispose();
        _previous?.Dispose();
    }

    /// <summary>Gorouter's <c>SignatureContentsFromHeaders</c>, step by step with its error texts.</summary>
    public static (bool Ok, SignatureContents Contents, string Error) Open(RouteServiceCipher cipher, string signature, string metadata)
    {
        if (metadata.Length == 0)
        {
            return (false, default, "No metadata found");
        }

        Span<byte> nonce = stackalloc byte[RouteServiceCipher.NonceSize];
        if (!TryReadNonce(metadata, nonce, out var nonceLength, out var error))
        {
            return (false, default, error);
        }

        // A nonce of another size is passed empty: the cipher refuses it for its size alone.
        return OpenSignature(cipher, signature, nonceLength == nonce.Length ? nonce : []);
    }

    /// <summary>Seals the contents JSON at the start of <paramref name="sealedText"/> and encodes both headers.</summary>
    private static (string Signature, string Metadata) Seal(RouteServiceCipher cipher, ReadOnlySpan<byte> nonce, Span<byte> sealedText)
    {
        cipher.Seal(nonce, sealedText);
        Span<byte> metadata = stackalloc byte[SignatureJson.MetadataLength(RouteServiceCipher.NonceSize)];
        return (GoBase64.EncodeUrl(sealedText), GoBase64.EncodeUrl(metadata[..SignatureJson.WriteMetadata(nonce, metadata)]));
    }

    /// <summary>Decodes the metadata header and reads the nonce from it.</summary>
    private static bool TryReadNonce(string metadata, Span<byte> nonce, out int nonceLength, out string error)
    {
        nonceLength = 0;
        using var json = new ScratchBytes(stackalloc byte[StackBytes], GoBase64.MaxDecodedLength(metadata.Length));
        return GoBase64.TryDecodeUrl(metadata, json.Span, out var length, out error)
            && SignatureJson.TryReadNonce(json.Span[..length], nonce, out nonceLength, out error);
    }

    /// <summary>Decodes the signature header, opens it in place and reads the contents.</summary>
    private static (bool Ok, SignatureContents Contents, string Error) OpenSignature(RouteServiceCipher cipher, string signature, ReadOnlySpan<byte> nonce)
    {
        using var buffer = new ScratchBytes(stackalloc byte[StackBytes], GoBase64.MaxDecodedLength(signature.Length));
        var sealedText = buffer.Span;
        if (!GoBase64.TryDecodeUrl(signature, sealedText, out var length, out var error) ||
            !cipher.TryOpen(nonce, sealedText[..length], out var plainLength, out error) ||
            !SignatureJson.TryReadContents(sealedText[..plainLength], out var contents, out error))
        {
            return (false, default, error);
        }

        return (true, contents, "");
    }
}
