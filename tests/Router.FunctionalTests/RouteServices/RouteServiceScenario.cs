using Router.Testing;
using RouteRegistry;
using Xunit.Abstractions;

namespace Router.FunctionalTests.RouteServices;

/// <summary>
/// A router with route services on (its <c>ca_certs</c> trusting a CA made at test time), an app, and a route
/// service over TLS with a certificate from that CA for <c>localhost</c>.
/// </summary>
internal sealed class RouteServiceScenario : IAsyncDisposable
{
    public const string Secret = "route-service-secret";

    private RouteServiceScenario(TestCertificateAuthority ca, RouterTestEnvironment router, TestBackend app, RouteServiceApp service)
    {
        Ca = ca;
        Router = router;
        App = app;
        Service = service;
    }

    public TestCertificateAuthority Ca { get; }

    public RouterTestEnvironment Router { get; }

    public TestBackend App { get; }

    public RouteServiceApp Service { get; }

    /// <summary>The route service's URL as a registration names it.</summary>
    public string ServiceUrl => $"https://localhost:{Service.Port}/rs/check?from=router";

    /// <param name="output">Where the router's log goes.</param>
    /// <param name="extraYaml">More configuration.</param>
    /// <param name="ca">The CA the router trusts and the route service's certificate comes from; a new one when null.
    /// The scenario disposes it.</param>
    public static async Task<RouteServiceScenario> StartAsync(ITestOutputHelper output, string extraYaml = "", TestCertificateAuthority? ca = null)
    {
        ca ??= TestCertificateAuthority.Create("Route Service CA");
        var yaml = $"route_services_secret: {Secret}\n" + TlsYaml.Block("ca_certs", ca.CertificatePem) + extraYaml;
        var router = await RouterTestEnvironment.StartAsync(yaml, output: output);
        var app = await TestBackend.StartAsync("app");
        var service = await RouteServiceApp.StartAsync(Secret, router.ProxyPort, ca.IssueServer(["localhost"]));
        return new RouteServiceScenario(ca, router, app, service);
    }

    /// <summary>Registers <see cref="App"/> under <paramref name="uri"/> bound to <paramref name="serviceUrl"/> (default <see cref="ServiceUrl"/>).</summary>
    public void RegisterBound(string uri, string? serviceUrl = null)
    {
        var registration = App.Registration(uri);
        registration.RouteServiceUrl = serviceUrl ?? ServiceUrl;
        Router.RouteTable.Register(registration);
    }

    /// <summary>A GET through the router with extra request headers.</summary>
    public Task<HttpResponseMessage> GetAsync(string host, string target, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Host = host;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Router.Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await App.DisposeAsync();
        await Router.DisposeAsync();
        Ca.Dispose();
    }
}
