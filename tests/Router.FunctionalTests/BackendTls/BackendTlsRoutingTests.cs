using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.BackendTls;

public sealed class BackendTlsRoutingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_SidecarRequiringClientCertificate_ServedOverTlsWithRouterCertificate()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output);
        var instance = "2f3c9a1e-5b7d-4c11-9e0a-000000000001";
        await using var sidecar = await scenario.StartSidecarAsync(instance, scenario.Certificates.Instance(instance));
        await scenario.RegisterAsync(sidecar.Registration("tls.test"));

        using var response = await scenario.Router.GetAsync("tls.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{instance} client={scenario.RouterClientSubject}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_InstanceReRegistered_KeepsItsConnection()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output);
        var instance = "2f3c9a1e-5b7d-4c11-9e0a-000000000002";
        await using var sidecar = await scenario.StartSidecarAsync(instance, scenario.Certificates.Instance(instance));
        await scenario.RegisterAsync(sidecar.Registration("keep.test"));
        using var first = await scenario.Router.GetAsync("keep.test");
        var connection = Assert.Single(first.Headers.GetValues("X-Connection-Id"));

        // The heartbeat an emitter sends, then a second route for the same instance.
        await scenario.RegisterAsync(sidecar.Registration("keep.test"));
        await scenario.RegisterAsync(sidecar.Registration("keep.test", "other.keep.test"));
        using var second = await scenario.Router.GetAsync("keep.test");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(connection, Assert.Single(second.Headers.GetValues("X-Connection-Id")));
    }

    [Fact]
    public async Task Get_TwoInstancesOnOneRoute_EachReachedWithItsOwnName()
    {
        await using var scenario = await BackendTlsScenario.StartAsync(output);
        var a = "2f3c9a1e-5b7d-4c11-9e0a-00000000000a";
        var b = "2f3c9a1e-5b7d-4c11-9e0a-00000000000b";
        await using var sidecarA = await scenario.StartSidecarAsync(a, scenario.Certificates.Instance(a));
        await using var sidecarB = await scenario.StartSidecarAsync(b, scenario.Certificates.Instance(b));
        await scenario.RegisterAsync(sidecarA.Registration("pair.test"));
        await scenario.RegisterAsync(sidecarB.Registration("pair.test"));

        var seen = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await scenario.Router.GetAsync("pair.test");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.Add((await response.Content.ReadAsStringAsync()).Split(' ')[0]);
        }

        Assert.Equal([a, b], seen.Order());
    }
}
