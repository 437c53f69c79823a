using RouteEmitterClient.AspNetCore;

namespace RouteEmitterClient.Tests;

public sealed class BoundAddressTests
{
    [Fact]
    public void Apply_NoPortConfigured_TakesTheFirstHttpAddress()
    {
        var options = new RouteEmitterOptions { Uris = ["a.example.com"] };

        BoundAddress.Apply(options, ["https://127.0.0.1:7443", "http://127.0.0.1:40123"]);

        Assert.Equal(40123, options.Port);
        Assert.Equal(0, options.TlsPort);
        Assert.Equal("127.0.0.1", options.Host);
    }

    [Fact]
    public void Apply_OnlyHttps_RegistersTheTlsPort()
    {
        var options = new RouteEmitterOptions();

        BoundAddress.Apply(options, ["https://localhost:7443"]);

        Assert.Equal(7443, options.TlsPort);
        Assert.Equal(0, options.Port);
        Assert.Equal("127.0.0.1", options.Host);
    }

    [Fact]
    public void Apply_PortAndHostConfigured_KeepsThem()
    {
        var options = new RouteEmitterOptions { Host = "10.1.2.3", Port = 80 };

        BoundAddress.Apply(options, ["http://0.0.0.0:5000"]);

        Assert.Equal(80, options.Port);
        Assert.Equal("10.1.2.3", options.Host);
    }

    [Fact]
    public void Apply_BoundToAllInterfaces_RegistersAConcreteAddress()
    {
        var options = new RouteEmitterOptions();

        BoundAddress.Apply(options, ["http://[::]:5000"]);

        Assert.Equal(5000, options.Port);
        Assert.True(System.Net.IPAddress.TryParse(options.Host, out var ip));
        Assert.False(ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any));
    }

    [Fact]
    public void Apply_NoAddressAndNoPort_Throws() =>
        Assert.Throws<InvalidOperationException>(() => BoundAddress.Apply(new RouteEmitterOptions(), []));
}
