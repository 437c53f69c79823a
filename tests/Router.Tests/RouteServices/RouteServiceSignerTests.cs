using Router.RouteServices;
using Router.Testing;

namespace Router.Tests.RouteServices;

public sealed class RouteServiceSignerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Check_FreshSignature_Valid()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var signer = new RouteServiceSigner("secret", "", Timeout, clock);
        var (signature, metadata) = signer.Sign("http://app.test/x");

        var check = signer.Check(signature, metadata);

        Assert.Equal(SignatureVerdict.Valid, check.Verdict);
        Assert.Equal("http://app.test/x", check.Contents.ForwardedUrl);
    }

    [Fact]
    public void Check_OlderThanTimeout_Expired()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var signer = new RouteServiceSigner("secret", "", Timeout, clock);
        var (signature, metadata) = signer.Sign("http://app.test/x");
        clock.Advance(Timeout + TimeSpan.FromSeconds(1));

        var check = signer.Check(signature, metadata);

        Assert.Equal(SignatureVerdict.Expired, check.Verdict);
        Assert.Equal("route service request expired", check.Error);
    }

    [Fact]
    public void Check_SignedWithDecryptOnlySecret_Valid()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var old = new RouteServiceSigner("old-secret", "", Timeout, clock);
        using var rotated = new RouteServiceSigner("new-secret", "old-secret", Timeout, clock);
        using var other = new RouteServiceSigner("new-secret", "", Timeout, clock);
        var (signature, metadata) = old.Sign("http://app.test/");

        Assert.Equal(SignatureVerdict.Valid, rotated.Check(signature, metadata).Verdict);
        Assert.Equal(SignatureVerdict.Invalid, other.Check(signature, metadata).Verdict);
    }

    [Theory]
    [InlineData("tamper", "cipher: message authentication failed")]
    [InlineData("truncate", "cipher: message authentication failed")]
    [InlineData("no-metadata", "No metadata found")]
    [InlineData("std-alphabet", "illegal base64 data at input byte 0")]
    [InlineData("bad-nonce", "incorrect nonce length")]
    public void Check_DamagedHeaders_InvalidWithGoError(string damage, string error)
    {
        using var signer = new RouteServiceSigner("secret", "", Timeout, TimeProvider.System);
        var (signature, metadata) = signer.Sign("http://app.test/");
        switch (damage)
        {
            case "tamper": signature = (signature[0] == 'A' ? "B" : "A") + signature[1..]; break;
            case "truncate": signature = signature[..16]; break;
            case "no-metadata": metadata = ""; break;
            case "std-alphabet": signature = "+/" + signature[2..]; break;
            case "bad-nonce": metadata = GoBase64.EncodeUrl("{\"nonce\":\"AAEC\"}"u8); break;
            default: throw new ArgumentOutOfRangeException(nameof(damage));
        }

        var check = signer.Check(signature, metadata);

        Assert.Equal(SignatureVerdict.Invalid, check.Verdict);
        Assert.Equal(error, check.Error);
    }

    [Theory]
    [InlineData("app.example.com", true)]
    [InlineData("APP.example.com", true)]
    [InlineData("x.wild.example.com", true)]
    [InlineData("y.x.wild.example.com", false)]
    [InlineData("wild.example.com", false)]
    [InlineData("other.example.com", false)]
    public void Allows_ExactAndWildcardEntries_MatchesOneLabel(string host, bool allowed)
    {
        var list = new HairpinAllowlist(["app.example.com", "*.wild.example.com"]);

        Assert.Equal(allowed, list.Allows(host));
    }

    [Fact]
    public void Allows_EmptyList_AllowsAll()
    {
        Assert.True(new HairpinAllowlist([]).Allows("anything.test"));
    }
}
