using System.Net;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.RouteServices;

public sealed class RouteServiceAccessLogTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_RouteBoundToService_LegToServiceLoggedWithoutBackend()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rs-access-{Guid.NewGuid():N}.log");
        try
        {
            await using var scenario = await RouteServiceScenario.StartAsync(output, $"access_log:\n  file: {file}\n");
            scenario.RegisterBound("logged.test");

            using var response = await scenario.GetAsync("logged.test", "/seen");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            string[] lines = [];
            await Eventually.Until("both legs in the access log", () =>
            {
                lines = File.Exists(file) ? File.ReadAllLines(file) : [];
                return lines.Length >= 2;
            });

            // The leg to the route service has no app instance, as in Gorouter: backend and app fields are "-".
            var toService = Assert.Single(lines, l => !l.Contains($"\"127.0.0.1:{scenario.App.Port}\"", StringComparison.Ordinal));
            Assert.Contains("\"GET /seen HTTP/1.1\" 200", toService, StringComparison.Ordinal);
            Assert.Contains(" app_id:\"-\"", toService, StringComparison.Ordinal);
            Assert.Contains(" instance_id:\"-\"", toService, StringComparison.Ordinal);
            var toApp = Assert.Single(lines, l => l.Contains($"\"127.0.0.1:{scenario.App.Port}\"", StringComparison.Ordinal));
            Assert.Contains($"app_id:\"{scenario.App.AppGuid}\"", toApp, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
