using BenchmarkDotNet.Attributes;
using Router.RouteServices;

namespace Benchmarks;

/// <summary>
/// The route-service signature on the request path (<c>src/Router/RouteServices</c>): <see cref="Sign"/> is what a
/// request to a route with a route service costs on its way out (random nonce, JSON, AES-GCM, two base64 headers),
/// <see cref="Check"/> what the request coming back from the route service costs (two base64 decodes, two JSON reads,
/// AES-GCM open, the expiry check). <see cref="UrlLength"/> 60 is a typical forwarded URL; 2000 is a long request
/// target, above the size the signature code keeps on the stack.
/// </summary>
[MemoryDiagnoser]
public class RouteServiceSignatureBenchmarks
{
    private RouteServiceSigner _signer = null!;
    private string _url = null!;
    private string _signature = null!;
    private string _metadata = null!;

    /// <summary>Length of the forwarded URL in characters.</summary>
    [Params(60, 2000)]
    public int UrlLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // A day's lifetime keeps the signature made here valid for the whole run.
        _signer = new RouteServiceSigner("route-service-secret", "", TimeSpan.FromDays(1), TimeProvider.System);
        const string Prefix = "https://shop42.example.com/api/v2/orders/1234?expand=items&q=";
        _url = Prefix.Length >= UrlLength ? Prefix[..UrlLength] : Prefix + new string('x', UrlLength - Prefix.Length);
        (_signature, _metadata) = _signer.Sign(_url);
        if (_signer.Check(_signature, _metadata).Verdict != SignatureVerdict.Valid)
        {
            throw new InvalidOperationException("The signature made for the benchmark does not check.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _signer.Dispose();

    [Benchmark]
    public (string Signature, string Metadata) Sign() => _signer.Sign(_url);

    [Benchmark]
    public string Check() => _signer.Check(_signature, _metadata).Contents.ForwardedUrl;
}
