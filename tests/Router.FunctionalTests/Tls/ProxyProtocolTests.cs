using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Tls;

/// <summary><c>enable_proxy</c>: an optional PROXY v1 header on both listeners names the client.</summary>
public sealed class ProxyProtocolTests(TlsCertificates certs, ITestOutputHelper output) : IClassFixture<TlsCertificates>, IAsyncLifetime
{
    private const string Request = "GET / HTTP/1.1\r\nHost: app.tls.test\r\nConnection: close\r\n\r\n";
    private readonly int _sslPort = FreePort.Next();
    private readonly string _accessLog = Path.Combine(Path.GetTempPath(), $"router-proxy-{Guid.NewGuid():N}.log");
    private RouterTestEnvironment _router = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _router = await RouterTestEnvironment.StartAsync(certs.RouterYaml(_sslPort, "none", $"enable_proxy: true\naccess_log:\n  file: {_accessLog}"), output: output);
        _backend = await TestBackend.StartAsync("proxied");
        _router.Register(_backend, "app.tls.test");
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _backend.DisposeAsync();
        File.Delete(_accessLog);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 127.0.0.1 40000 80\r\n", "203.0.113.7")]
    [InlineData("PROXY TCP6 2001:db8::7 ::1 40000 80\r\n", "2001:db8::7")]
    [InlineData("PROXY UNKNOWN\r\n", "127.0.0.1")]
    [InlineData("", "127.0.0.1")]
    public async Task Get_PlainListenerWithOptionalHeader_ForwardedForNamesClient(string header, string expected)
    {
        var answer = await ExchangeAsync(_router.ProxyPort, header + Request);

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Equal(expected, _backend.ReceivedHeaders.Single()["X-Forwarded-For"]);
    }

    [Fact]
    public async Task Get_WithHeader_AccessLogNamesProxySource()
    {
        await ExchangeAsync(_router.ProxyPort, "PROXY TCP4 192.0.2.44 127.0.0.1 40000 80\r\n" + Request);

        await Eventually.Until(
            "access-log line with the PROXY source",
            () => File.Exists(_accessLog) && File.ReadAllText(_accessLog).Contains("\"192.0.2.44:40000\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_MalformedHeader_ClosedWithoutAnswer()
    {
        var answer = await ExchangeAsync(_router.ProxyPort, "PROXY TCP4 nonsense\r\n" + Request);

        Assert.Equal("", answer);
        Assert.Empty(_backend.ReceivedHeaders);
    }

    [Fact]
    public async Task Get_TlsListenerAfterHeader_ForwardedForNamesClient()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _sslPort);
        var stream = tcp.GetStream();
        await stream.WriteAsync("PROXY TCP4 198.51.100.20 127.0.0.1 40000 443\r\n"u8.ToArray());
        await using var tls = new SslStream(stream);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "app.tls.test",
            RemoteCertificateValidationCallback = certs.Ca.TrustOnlyThis(),
        });
        await tls.WriteAsync(Encoding.ASCII.GetBytes(Request));

        var answer = await new StreamReader(tls, Encoding.Latin1).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        var seen = _backend.ReceivedHeaders.Single();
        Assert.Equal("198.51.100.20", seen["X-Forwarded-For"]);
        Assert.Equal("https", seen["X-Forwarded-Proto"]);
    }

    private static async Task<string> ExchangeAsync(int port, string bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(bytes));
        try
        {
            return await new StreamReader(stream, Encoding.Latin1).ReadToEndAsync();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
