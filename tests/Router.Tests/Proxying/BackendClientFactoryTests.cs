using Microsoft.Extensions.Logging.Abstractions;
using Router.Configuration;
using Router.Proxying;
using Router.Testing;
using RouteRegistry;
using RouteMessages;

namespace Router.Tests.Proxying;

public sealed class BackendClientFactoryTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly RouteTable _table;
    private readonly BackendClientFactory _factory;

    public BackendClientFactoryTests()
    {
        _table = new RouteTable(new RouteTableOptions(), _time, NullLogger<RouteTable>.Instance);
        _factory = new BackendClientFactory(new RouterOptions(), _time);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void GetClient_SameInstanceReRegistered_SameClient()
    {
        var first = _factory.GetClient(Register("instance-a", 8443));
        var again = _factory.GetClient(Register("instance-a", 8443));

        Assert.Same(first, again);
    }

    [Fact]
    public void GetClient_TwoInstances_OneClientEach()
    {
        var a = _factory.GetClient(Register("instance-a", 8443));
        var b = _factory.GetClient(Register("instance-b", 8444));

        Assert.NotSame(a, b);
        Assert.Equal(2, _factory.TlsClientCount);
    }

    [Fact]
    public void GetClient_PlainEndpoint_SharedClientAndNoTlsClient()
    {
        _table.Register(new RegistrationMessage { Host = "127.0.0.1", Port = 8080, Uris = ["plain.test"] });
        var endpoint = _table.Lookup("plain.test", "/")!.Endpoints[0];

        Assert.Same(_factory.GetClient(endpoint), _factory.GetClient(endpoint));
        Assert.Equal(0, _factory.TlsClientCount);
    }

    [Fact]
    public void Sweep_InstanceUnusedLongerThanLifetime_Forgotten()
    {
        var gone = Register("instance-gone", 8443);
        var busy = Register("instance-busy", 8444);
        var goneClient = _factory.GetClient(gone);
        var busyClient = _factory.GetClient(busy);

        for (var minute = 0; minute < 11; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            _factory.GetClient(busy);
        }

        Assert.Equal(1, _factory.TlsClientCount);
        Assert.Same(busyClient, _factory.GetClient(busy));
        Assert.NotSame(goneClient, _factory.GetClient(gone));
    }

    private Endpoint Register(string instanceId, int port)
    {
        _table.Register(new RegistrationMessage
        {
            Host = "127.0.0.1",
            Port = port,
            TlsPort = port,
            ServerCertDomainSan = instanceId,
            PrivateInstanceId = instanceId,
            Uris = [$"{instanceId}.test"],
        });
        return _table.Lookup($"{instanceId}.test", "/")!.Endpoints[0];
    }
}
