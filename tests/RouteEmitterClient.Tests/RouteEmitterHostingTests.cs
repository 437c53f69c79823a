using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RouteEmitterClient.AspNetCore;
using RouteEmitterClient.Tests.Infrastructure;
using Router.Testing;
using RouteMessages;
using Xunit.Abstractions;

namespace RouteEmitterClient.Tests;

public sealed class RouteEmitterHostingTests(ITestOutputHelper output)
{
    private readonly CapturingLoggerFactory _logs = new(output);

    [Fact]
    public async Task AddRouteEmitter_AppListensOnPortZero_RegistersTheBoundPortAndUnregistersOnStop()
    {
        await using var server = await NatsServerProcess.StartNewAsync();
        await using var probe = await NatsProbe.StartAsync(server, TestOptions.Start(intervalSeconds: 20));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouteEmitter(options =>
        {
            options.NatsServers = [server.Uri];
            options.Uris = ["hosted.example.com"];
            options.GreetTimeout = TimeSpan.FromMilliseconds(300);
            options.LoggerFactory = _logs;
        });
        await using var app = builder.Build();
        app.MapGet("/", () => "hello");

        await app.StartAsync();
        var boundPort = new Uri(Assert.Single(app.Urls)).Port;
        Assert.NotEqual(0, boundPort);

        await Eventually.Until("the app registered", () => probe.Count(NatsSubjects.Register) == 1);
        var registered = probe.Messages(NatsSubjects.Register)[0];
        Assert.Equal("127.0.0.1", registered.GetProperty("host").GetString());
        Assert.Equal(boundPort, registered.GetProperty("port").GetInt32());

        await app.StopAsync();

        await Eventually.Until("the app unregistered", () => probe.Count(NatsSubjects.Unregister) == 1);
        var unregistered = probe.Messages(NatsSubjects.Unregister)[0];
        Assert.Equal(boundPort, unregistered.GetProperty("port").GetInt32());
    }

    [Fact]
    public async Task AddRouteEmitter_NoRoute_FailsTheApplicationStart()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouteEmitter(options => options.NatsServers = [new Uri("nats://127.0.0.1:1")]);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => app.StartAsync());

        Assert.Contains("uris", error.Message, StringComparison.Ordinal);
    }
}
