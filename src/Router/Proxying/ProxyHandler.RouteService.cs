using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Router.Proxying;

/// <summary>
/// The leg to a route service (docs/route-services.md): one URL instead of a pool of endpoints, so no endpoint
/// selection, slots or failure marks. A failure to connect is tried again up to <c>route_services.max_attempts</c>,
/// and every failure is answered as a backend failure is (Gorouter <c>proxy/round_tripper/proxy_round_tripper.go</c>).
/// </summary>
internal sealed partial class ProxyHandler
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardToRouteServiceAsync(HttpContext context, ProxyExchange exchange, string host, long start)
    {
        var routeService = exchange.RouteService!;
        var client = routeService.Hairpinned ? _routeServices.Clients!.Internal : _routeServices.Clients!.External;
        var address = routeService.Target.Authority;
        var maxAttempts = _routeServices.MaxAttempts;
        BackendFailure? failure = null;
        long backendTicks = 0;
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var (error, timedOut, attemptTicks) = await SendAttemptAsync(context, client, exchange.Settings.Protocol.Http11Config, exchange, isWebSocket: false);
            backendTicks += attemptTicks;

            if (error == ForwarderError.None && exchange.ResponseHeadersRefused)
            {
                failure = BackendFailure.TooManyResponseHeaders;
                LogRouteServiceConnectionFailed(_logger, host, address, failure.Value.Detail);
                break;
            }

            if (error == ForwarderError.None)
            {
                failure = null;
                _metrics.RouteServiceResponse(context.Response.StatusCode);
                break;
            }

            exchange.AttemptFailed(attemptTicks);
            failure = BackendFailure.Classify(
                error, context.Features.Get<IForwarderErrorFeature>()?.Exception, context, address, timedOut, exchange.Settings.ResponseHeaderLimit);
            if (failure.Value.Error is not (ProxyError.ClientCancelled or ProxyError.MalformedRequest))
            {
                LogRouteServiceConnectionFailed(_logger, host, address, failure.Value.Detail);
            }

            if (!failure.Value.Retriable || context.Response.HasStarted)
            {
                break;
            }

            context.Response.Clear();
        }

        if (failure is { } final && !context.Response.HasStarted)
        {
            Count(ProxyErrorMap.Describe(final.Error).Metric);
            await ErrorResponseWriter.WriteAsync(context, final.Error, host, final.Detail, Settings.Rewriter);
        }

        Complete(context, exchange, failure, start, backendTicks);
    }
}
