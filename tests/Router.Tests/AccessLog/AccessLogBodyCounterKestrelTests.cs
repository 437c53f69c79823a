using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Router.AccessLog;
using Router.Configuration;

namespace Router.Tests.AccessLog;

/// <summary>The byte counters under a real Kestrel on loopback: chunked bodies, HEAD, pipe writes.</summary>
public sealed class AccessLogBodyCounterKestrelTests : IAsyncLifetime
{
    private readonly TaskCompletionSource<AccessLogRecord> _captured = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AccessLogWriter _writer = new(new RouterOptions(), NullLogger.Instance);
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            AccessLogBodyCounters.Attach(context);
            await next(context);
            _captured.TrySetResult(_writer.Capture(context, null, null, TimeSpan.Zero, TimeSpan.Zero, DateTime.UtcNow));
        });
        _app.Run(async context =>
        {
            var body = new byte[4096];
            while (await context.Request.Body.ReadAsync(body) > 0)
            {
            }

            if (context.Request.Path == "/pipe")
            {
                await context.Response.WriteAsync(new string('p', 700));
                return;
            }

            // No Content-Length: Kestrel sends the body chunked (and none at all for HEAD).
            for (var i = 0; i < 3; i++)
            {
                await context.Response.Body.WriteAsync(new byte[1000]);
                await context.Response.Body.FlushAsync();
            }
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _writer.DisposeAsync();
    }

    [Fact]
    public async Task Attach_ChunkedRequestAndResponse_BothCounted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stream") { Content = new ByteArrayContent(new byte[12345]) };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _client!.SendAsync(request);
        var received = await response.Content.ReadAsByteArrayAsync();

        var record = await _captured.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(3000, received.Length);
        Assert.Equal(3000, record.ResponseBytes);
        Assert.Equal(12345, record.RequestBytes);
    }

    [Fact]
    public async Task Attach_HeadRequest_NoBodyBytes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/stream");
        using var response = await _client!.SendAsync(request);

        var record = await _captured.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, record.ResponseBytes);
    }

    [Fact]
    public async Task Attach_ResponseWrittenThroughPipe_Counted()
    {
        var body = await _client!.GetStringAsync("/pipe");

        var record = await _captured.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(700, body.Length);
        Assert.Equal(700, record.ResponseBytes);
    }
}
