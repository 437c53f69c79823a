using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Router.ProcessTests.Infrastructure;
using Router.Testing;
using Xunit.Abstractions;

namespace Router.ProcessTests;

/// <summary>
/// The RouteEmitterClient sidecar started with SIGINT and SIGTERM ignored (a shell's background job ignores SIGINT)
/// still unregisters and exits on SIGINT, as a Go program would.
/// </summary>
public sealed class SidecarSignalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Sidecar_StartedWithSignalsIgnored_UnregistersAndExitsOnSigint()
    {
        await using var bus = await MessageBus.StartAsync();
        await using var router = await RouterProcess.StartAsync(new() { Nats = bus.Server }, output);
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-c", "trap '' INT TERM; exec \"$@\"", "sh", Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            SidecarDll(),
            "--nats", bus.Server.Url, "--host", "127.0.0.1", "--port", "5999", "--uri", "sidecar.test",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        using var sidecar = new Process { StartInfo = start };
        sidecar.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        sidecar.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        sidecar.Start();
        sidecar.BeginOutputReadLine();
        sidecar.BeginErrorReadLine();
        try
        {
            await router.WaitForRouteAsync("sidecar.test", "127.0.0.1:5999");
            // The runtime takes SIGTERM over itself at start, so the line names SIGINT alone.
            await Eventually.Until("restored signals logged", () => Logged(log, "Started with SIGINT ignored"), Wait);

            Signals.Send(sidecar.Id, Signals.SigInt);

            using var exit = new CancellationTokenSource(Wait);
            await sidecar.WaitForExitAsync(exit.Token);
            Assert.Equal(0, sidecar.ExitCode);
            await Eventually.Until("route unregistered", async () => !await ListsAsync(router, "sidecar.test"), Wait);
        }
        finally
        {
            if (!sidecar.HasExited)
            {
                sidecar.Kill();
            }

            output.WriteLine(Read(log));
        }
    }

    /// <summary>
    /// The sidecar from its own build output (the project reference builds it first): next to this test's assemblies
    /// it would miss the logging libraries it brings, which the router takes from the ASP.NET Core framework.
    /// </summary>
    private static string SidecarDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Router.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(
            root?.FullName ?? throw new InvalidOperationException("Router.sln not found above " + AppContext.BaseDirectory),
            "src", "RouteEmitterClient", "bin", configuration, framework, "RouteEmitterClient.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The sidecar was not built", dll);
    }

    private static bool Logged(StringBuilder log, string text) => Read(log).Contains(text, StringComparison.Ordinal);

    private static string Read(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static async Task<bool> ListsAsync(RouterProcess router, string routeKey)
    {
        using var response = await router.GetRoutesAsync(RouterProcess.StatusUser, router.StatusPass);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty(routeKey, out _);
    }
}
