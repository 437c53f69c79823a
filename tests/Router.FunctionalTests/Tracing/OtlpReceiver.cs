using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Router.FunctionalTests.Tracing;

/// <summary>
/// A small OTLP/HTTP collector on loopback: Kestrel takes protobuf <c>ExportTraceServiceRequest</c>s on
/// <c>/v1/traces</c> and <c>ExportMetricsServiceRequest</c>s on <c>/v1/metrics</c> and keeps the decoded spans and
/// metric names. Optionally answers slowly, to stand for a collector that cannot keep up.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    /// <summary>Each metric batch: metric name to the sum of its integer data points.</summary>
    public ConcurrentQueue<Dictionary<string, long>> MetricBatches { get; } = new();

    /// <summary>Resource attributes of every batch.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Resources { get; } = new();

    public static async Task<OtlpReceiver> StartAsync(TimeSpan? delay = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted);
            }

            var message = new ProtobufFields(body.ToArray());
            if (context.Request.Path == "/v1/traces")
            {
                receiver!.AddSpans(message);
            }
            else if (context.Request.Path == "/v1/metrics")
            {
                receiver!.AddMetrics(message);
            }

            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        receiver = new OtlpReceiver(app, new Uri(app.Urls.First()).Port);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void AddSpans(ProtobufFields request)
    {
        foreach (var resourceSpans in request.Messages(1))
        {
            Resources.Enqueue(resourceSpans.Message(1)?.Attributes(1) ?? []);
            foreach (var span in resourceSpans.Messages(2).SelectMany(scope => scope.Messages(2)))
            {
                Spans.Enqueue(new ReceivedSpan(
                    span.Hex(1), span.Hex(2), span.Hex(4), span.Text(5), (int)span.Scalar(6), span.Attributes(9),
                    (int)(span.Message(15)?.Scalar(3) ?? 0)));
            }
        }
    }

    private void AddMetrics(ProtobufFields request)
    {
        var batch = new Dictionary<string, long>();
        foreach (var resourceMetrics in request.Messages(1))
        {
            Resources.Enqueue(resourceMetrics.Message(1)?.Attributes(1) ?? []);
            foreach (var metric in resourceMetrics.Messages(2).SelectMany(scope => scope.Messages(2)))
            {
                // Sum (7) and Gauge (5) hold NumberDataPoints (1) whose integer value is field 6.
                var points = (metric.Message(7) ?? metric.Message(5))?.Messages(1) ?? [];
                batch[metric.Text(1)] = points.Sum(p => (long)p.Scalar(6));
            }
        }

        MetricBatches.Enqueue(batch);
    }
}

/// <summary>One decoded OTLP span: ids in hex, kind (2 server, 3 client), attributes, status code (2 error).</summary>
internal sealed record ReceivedSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, Dictionary<string, string> Attributes, int StatusCode);
