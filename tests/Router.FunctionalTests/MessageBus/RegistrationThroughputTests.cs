using System.Diagnostics;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace Router.FunctionalTests.MessageBus;

public sealed class RegistrationThroughputTests(ITestOutputHelper output)
{
    private const int Routes = 10_000;
    private const int EndpointsPerRoute = 10;

    [Fact]
    public async Task HundredThousandRegistrations_PublishedAsFastAsPossible_AllAppliedNoneDropped()
    {
        await using var nats = await NatsServerProcess.StartNewAsync();
        await using var client = await NatsTestClient.ConnectAsync(nats);
        await using var router = await RouterTestEnvironment.StartAsync(nats: nats);

        var clock = Stopwatch.StartNew();
        for (var route = 0; route < Routes; route++)
        {
            for (var endpoint = 0; endpoint < EndpointsPerRoute; endpoint++)
            {
                var message = new RegistrationMessage
                {
                    Host = $"10.0.{endpoint}.{route % 250}",
                    Port = 61000 + (route / 250),
                    Uris = [$"app-{route:D5}.scale.test"],
                    App = "5c1e6f3a-0000-4000-8000-000000000001",
                    PrivateInstanceId = $"instance-{route}-{endpoint}",
                    PrivateInstanceIndex = endpoint.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Tags = new Dictionary<string, string> { ["component"] = "route-emitter" },
                };
                await client.Connection.PublishAsync(NatsSubjects.Register, RegistrationMessageParser.Serialize(message));
            }
        }

        await client.Connection.PingAsync();
        var published = clock.Elapsed;
        await Eventually.Until(
            "every registration applied",
            () => router.RouteTable.EndpointCount == Routes * EndpointsPerRoute,
            TimeSpan.FromSeconds(120));
        var applied = clock.Elapsed;

        output.WriteLine($"published {Routes * EndpointsPerRoute} registrations in {published.TotalMilliseconds:F0} ms; all applied after {applied.TotalMilliseconds:F0} ms");
        Assert.Equal(Routes, router.RouteTable.RouteCount);

        const string Added = "registry_message{action=\"added\",component=\"route-emitter\"}";
        var metrics = await MetricsScrape.UntilAsync(router.MetricsPort, "every registration counted", scrape =>
            scrape.Value(Added) >= Routes * EndpointsPerRoute);
        Assert.Equal(0, metrics.Value("total_dropped_messages"));
        Assert.Equal(Routes * EndpointsPerRoute, metrics.Value(Added));
    }
}
