using System.Security.Cryptography;

namespace Router.RouteServices;

/// <summary>
/// Makes and checks the signature headers of route-service requests, as Gorouter's
/// <c>routeservice/routeservice_config.go</c> and <c>routeservice/signature.go</c> do: the signature is the sealed JSON
/// of the forwarded URL and the time, the metadata carries the nonce. A signature that does not open with the
/// current key is tried with <c>route_services_secret_decrypt_only</c> (key rotation).
/// </summary>
internal sealed class RouteServiceSigner : IDisposable
{
    /// <summary>Gorouter's <c>routeservice.ErrExpired</c> text.</summary>
    public const string ExpiredError = "route service request expired";

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
    public (string Signature, string Metadata) Sign(string forwardedUrl)
    {
        Span<byte> nonce = stackalloc byte[RouteServiceCipher.NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return Sign(_current, forwardedUrl, _time.GetUtcNow(), nonce);
    }

    /// <summary>The headers for given contents and nonce; deterministic, for known-answer checks.</summary>
    public static (string Signature, string Metadata) Sign(RouteServiceCipher cipher, string forwardedUrl, DateTimeOffset requestedTime, ReadOnlySpan<byte> nonce)
    {
        var plainText = SignatureJson.WriteContents(new SignatureContents(forwardedUrl, requestedTime));
        var sealedText = cipher.Seal(nonce, plainText);
        return (GoBase64.EncodeUrl(sealedText), GoBase64.EncodeUrl(SignatureJson.WriteMetadata(nonce)));
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

        if (!GoBase64.TryDecodeUrl(metadata, out var metadataJson, out var error) ||
            !SignatureJson.TryReadNonce(metadataJson, out var nonce, out error) ||
            !GoBase64.TryDecodeUrl(signature, out var sealedText, out error) ||
            !cipher.TryOpen(nonce, sealedText, out var plainText, out error) ||
            !SignatureJson.TryReadContents(plainText, out var contents, out error))
        {
            return (false, default, error);
        }

        return (true, contents, "");
    }
}
