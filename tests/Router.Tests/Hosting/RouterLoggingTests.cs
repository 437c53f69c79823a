using Microsoft.Extensions.Logging;
using Router.Configuration;
using Router.Hosting;

namespace Router.Tests.Hosting;

public sealed class RouterLoggingTests
{
    [Fact]
    public void Configure_InfoLevel_FactoryFiltersApplyAndDisposalFlushes()
    {
        using var output = new RecordingStream();
        var factory = LoggerFactory.Create(builder => RouterLogging.Configure(builder, new LoggingOptions { Level = "info" }, () => output, ownsOutput: false));
        var router = factory.CreateLogger("RouteRegistry.RouteTable");
        var kestrel = factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        var yarp = factory.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder");
        var hosting = factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");

        Assert.False(router.IsEnabled(LogLevel.Debug));
        Assert.True(router.IsEnabled(LogLevel.Information));
        Assert.False(kestrel.IsEnabled(LogLevel.Information));
        Assert.False(yarp.IsEnabled(LogLevel.Warning));
        Assert.False(hosting.IsEnabled(LogLevel.Critical));
        router.Log(LogLevel.Debug, new EventId(1, "router-debug"), "dropped", null, (state, _) => state);
        router.Log(LogLevel.Information, new EventId(2, "router-info"), "kept", null, (state, _) => state);
        kestrel.Log(LogLevel.Information, new EventId(3, "kestrel-info"), "dropped", null, (state, _) => state);
        kestrel.Log(LogLevel.Warning, new EventId(4, "kestrel-warning"), "kept", null, (state, _) => state);
        yarp.Log(LogLevel.Warning, new EventId(5, "yarp-warning"), "dropped", null, (state, _) => state);
        yarp.Log(LogLevel.Error, new EventId(6, "yarp-error"), "kept", null, (state, _) => state);
        hosting.Log(LogLevel.Critical, new EventId(7, "hosting-critical"), "dropped", null, (state, _) => state);
        factory.Dispose();

        var events = output.FlushedLines().Select(line => line.Split(' ')[2]);
        Assert.Equal(["router-info", "kestrel-warning", "yarp-error"], events);
    }

    [Fact]
    public void Configure_JsonWithEpochTimestamps_WritesJsonLines()
    {
        using var output = new RecordingStream();
        var options = new LoggingOptions { Json = true, Level = "warn", Format = new LoggingFormatOptions { Timestamp = "unix-epoch" } };
        using (var factory = LoggerFactory.Create(builder => RouterLogging.Configure(builder, options, () => output, ownsOutput: false)))
        {
            var logger = factory.CreateLogger("Router");
            logger.Log(LogLevel.Information, new EventId(1, "info-event"), "dropped", null, (state, _) => state);
            logger.Log(LogLevel.Warning, new EventId(2, "warn-event"), "kept", null, (state, _) => state);
        }

        var line = Assert.Single(output.FlushedLines());
        Assert.Matches("""^\{"timestamp":\d+(\.\d+)?,"level":"warn","event":"warn-event","source":"Router","message":"kept"\}$""", line);
    }
}
