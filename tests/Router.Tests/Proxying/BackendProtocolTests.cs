using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Router.Proxying;
using Router.Testing;
using RouteRegistry;
using RouteMessages;

namespace Router.Tests.Proxying;

public sealed class BackendProtocolTests
{
    private readonly BackendProtocol _protocol = new(TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData("http2", 8443, true)]
    [InlineData("http2", 0, false)]
    [InlineData("http1", 8443, false)]
    [InlineData("", 8443, false)]
    [InlineData("h2c", 8443, false)]
    public void For_ProtocolAndTls_Http2OnlyForTlsHttp2Endpoints(string protocol, int tlsPort, bool http2)
    {
        var endpoint = Register(protocol, tlsPort, enableHttp2: true);

        var config = _protocol.For(endpoint);

        Assert.Equal(http2 ? HttpVersion.Version20 : HttpVersion.Version11, config.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionOrLower, config.VersionPolicy);
    }

    [Fact]
    public void For_Http2DisabledInRouteTable_Http11()
    {
        var endpoint = Register("http2", 8443, enableHttp2: false);

        Assert.Same(_protocol.Http11Config, _protocol.For(endpoint));
    }

    [Fact]
    public void Constructor_EndpointTimeout_BothConfigsUseItAsActivityTimeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), _protocol.Http2Config.ActivityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), _protocol.Http11Config.ActivityTimeout);
    }

    [Theory]
    [InlineData(0x2, "http2 error: INTERNAL_ERROR")]
    [InlineData(0x6, "http2 error: FRAME_SIZE_ERROR")]
    [InlineData(0xd, "http2 error: HTTP_1_1_REQUIRED")]
    [InlineData(0x42, "http2 error: unknown error code 0x42")]
    public void Describe_ErrorCode_GoName(long code, string expected) =>
        Assert.Equal(expected, Http2ErrorCodes.Describe(code));

    private static Endpoint Register(string protocol, int tlsPort, bool enableHttp2)
    {
        var table = new RouteTable(new RouteTableOptions { EnableHttp2 = enableHttp2 }, new ManualTimeProvider(), NullLogger<RouteTable>.Instance);
        table.Register(new RegistrationMessage
        {
            Host = "127.0.0.1", Port = 8080, TlsPort = tlsPort, Protocol = protocol, Uris = ["p.test"], ServerCertDomainSan = "instance",
        });
        return table.Lookup("p.test", "/")!.Endpoints[0];
    }
}
