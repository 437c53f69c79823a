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
/// <remarks>
/// <c>--job short --inProcess --iterationCount 10 --warmupCount 5</c>, 2 shared cores under another load, two or
/// three runs each. With strings and arrays (9be861a): Sign 4.4-4.5 us, 2.67 KB and Check 1.9-2.0 us, 1.37 KB at 60
/// characters; Sign 10.2-10.4 us, 27.9 KB and Check 8.6-8.7 us, 14.0 KB at 2000. On spans with nonces drawn in
/// batches (1a1566f): Sign 1.0-1.6 us, 528 B and Check 1.3-2.0 us, 144 B at 60; Sign 2.1-3.3 us, 5,703 B and
/// Check 3.4-3.6 us, 4,024 B at 2000. What is left allocated is the two header strings and the forwarded URL read
/// back; about 1.2 us of either direction is AES-GCM (OpenSSL) itself.
/// </remarks>
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
