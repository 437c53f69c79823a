using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Router.Status;
using RouteRegistry;

namespace Router.Dashboard;

/// <summary>
/// The route dashboard on the <c>/routes</c> listener (docs/dashboard.md): the page and its assets, one page of
/// routes as JSON, and a server-sent event stream of summaries, all behind the status Basic auth.
/// </summary>
internal sealed class DashboardEndpoints
{
    private static readonly byte[] EventPrefix = "event: summary\ndata: "u8.ToArray();
    private static readonly byte[] EventSuffix = "\n\n"u8.ToArray();

    private readonly StatusCredentials _credentials;
    private readonly RouteIndex _index;
    private readonly TrafficSampler _sampler;
    private readonly DashboardAssets _assets = new();
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;

    /// <param name="table">The route table shown.</param>
    /// <param name="credentials">The status listener's Basic auth.</param>
    /// <param name="time">The table's clock.</param>
    /// <param name="messageBusConnected">NATS connection state; null when the router runs without NATS.</param>
    /// <param name="loggerFactory">Logs of the sampler.</param>
    /// <param name="stopping">Ends open event streams when the listener stops.</param>
    public DashboardEndpoints(
        RouteTable table,
        StatusCredentials credentials,
        TimeProvider time,
        Func<bool?> messageBusConnected,
        ILoggerFactory loggerFactory,
        CancellationToken stopping)
    {
        _credentials = credentials;
        _time = time;
        _stopping = stopping;
        _index = new RouteIndex(table, time);
        _sampler = new TrafficSampler(_index, table, time, messageBusConnected, loggerFactory.CreateLogger<TrafficSampler>());
    }

    /// <summary>True when <paramref name="path"/> is the dashboard's to answer.</summary>
    public static bool Handles(string path) => DashboardPaths.IsDashboard(path);

    public Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        DashboardAssets.AddSecurityHeaders(response);
        if (!_credentials.IsAuthorized(context))
        {
            return StatusCredentials.ChallengeAsync(context);
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers[HeaderNames.Allow] = "GET, HEAD";
            return Task.CompletedTask;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        return path switch
        {
            DashboardPaths.RoutesApi => WriteRoutesAsync(context),
            DashboardPaths.Events => StreamEventsAsync(context),
            _ when _assets.Find(path) is var (content, contentType) => DashboardAssets.WriteAsync(context, content, contentType),
            _ => NotFound(response),
        };
    }

    private async Task WriteRoutesAsync(HttpContext context)
    {
        var response = context.Response;

        // A huge query string is refused before it is parsed, let alone used to scan the table.
        if (context.Request.QueryString.Value is { Length: > RoutePageQuery.MaxQueryStringLength })
        {
            await WriteErrorAsync(context, StatusCodes.Status414UriTooLong, $"query string: at most {RoutePageQuery.MaxQueryStringLength} characters");
            return;
        }

        if (!RoutePageQuery.TryParse(context.Request, out var query, out var error))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }

        var listing = _index.Current();
        var (total, routes) = listing.Find(query.Search, query.Page, query.Size);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        await using (var json = new Utf8JsonWriter(response.BodyWriter))
        {
            RoutePageWriter.Write(json, listing, query, total, routes, _time);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private async Task StreamEventsAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var cancellationToken = ended.Token;
        var next = _sampler.Subscribe(_stopping);
        try
        {
            await response.BodyWriter.FlushAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var summary = await next.WaitAsync(cancellationToken);
                next = _sampler.NextAsync();
                response.BodyWriter.Write(EventPrefix);
                response.BodyWriter.Write(summary);
                response.BodyWriter.Write(EventSuffix);
                var flushed = await response.BodyWriter.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the listener is stopping.
        }
        finally
        {
            _sampler.Unsubscribe();
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    private static Task NotFound(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
