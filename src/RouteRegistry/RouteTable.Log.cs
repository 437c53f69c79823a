using Microsoft.Extensions.Logging;

namespace RouteRegistry;

/// <summary>Registry log events, named as Gorouter's (<c>registry/registry.go</c>, <c>route/pool.go</c>).</summary>
public sealed partial class RouteTable
{
    private static partial class Log
    {
        // The level is a parameter (always Information) for route-registered and route-unregistered: with a fixed
        // level the generator formats through LoggerMessage.Define, whose string.Format path cost several times
        // more per line than the interpolated ToString it generates otherwise, once per route in a burst.
        [LoggerMessage(EventId = 1, EventName = "route-registered", Message = "route-registered uri={Uri}")]
        public static partial void RouteRegistered(ILogger logger, LogLevel level, string uri);

        // Level is chosen by the caller: Information when the table changed, Debug for a heartbeat that only refreshed.
        [LoggerMessage(EventId = 2, EventName = "endpoint-registered",
            Message = "endpoint-registered uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId} tls={Tls} action={Action}")]
        public static partial void EndpointRegistered(ILogger logger, LogLevel level, string uri, BackendAddress backend, string applicationId, InstanceId instanceId, bool tls, string action);

        // Always Information; a parameter for the same reason as route-registered's (one line per endpoint when a
        // cell's instances are unregistered together).
        [LoggerMessage(EventId = 5, EventName = "endpoint-unregistered",
            Message = "endpoint-unregistered uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId}")]
        public static partial void EndpointUnregistered(ILogger logger, LogLevel level, string uri, BackendAddress backend, string applicationId, InstanceId instanceId);

        // Information for an unknown endpoint on a known route (as Gorouter), Debug when the route itself is unknown.
        [LoggerMessage(EventId = 6, EventName = "endpoint-not-unregistered",
            Message = "endpoint-not-unregistered uri={Uri} backend={Backend}")]
        public static partial void EndpointNotUnregistered(ILogger logger, LogLevel level, string uri, BackendAddress backend);

        [LoggerMessage(EventId = 8, EventName = "route-unregistered", Message = "route-unregistered uri={Uri}")]
        public static partial void RouteUnregistered(ILogger logger, LogLevel level, string uri);

        [LoggerMessage(EventId = 9, EventName = "pruned-route", Level = LogLevel.Information,
            Message = "pruned-route uri={Uri} endpoints={Endpoints} isolation_segment={IsolationSegment}")]
        public static partial void PrunedRoute(ILogger logger, string uri, string endpoints, string isolationSegment);

        [LoggerMessage(EventId = 10, EventName = "prune-failed-endpoint", Level = LogLevel.Error,
            Message = "prune-failed-endpoint uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId}")]
        public static partial void PruneFailedEndpoint(ILogger logger, string uri, BackendAddress backend, string applicationId, InstanceId instanceId);

        [LoggerMessage(EventId = 11, EventName = "invalid-endpoint-load-balancing-algorithm-provided-keeping-pool-lb-algo", Level = LogLevel.Error,
            Message = "invalid-endpoint-load-balancing-algorithm-provided-keeping-pool-lb-algo endpointLBAlgorithm={EndpointAlgorithm} poolLBAlgorithm={PoolAlgorithm} uri={Uri}")]
        public static partial void InvalidLoadBalancingAlgorithm(ILogger logger, string endpointAlgorithm, string poolAlgorithm, string uri);

        [LoggerMessage(EventId = 12, EventName = "endpoint-not-in-router-shard", Level = LogLevel.Debug,
            Message = "endpoint-not-in-router-shard backend={Host}:{Port} isolation_segment={IsolationSegment}")]
        public static partial void OutsideShard(ILogger logger, string host, int port, string isolationSegment);
    }
}
