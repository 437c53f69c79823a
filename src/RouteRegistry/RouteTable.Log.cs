using Microsoft.Extensions.Logging;

namespace RouteRegistry;

/// <summary>Registry log events, named as Gorouter's (<c>registry/registry.go</c>, <c>route/pool.go</c>).</summary>
public sealed partial class RouteTable
{
    private static partial class Log
    {
        // The four events below are logged once per route or endpoint in a burst of registrations (200,000 lines
        // for 100,000 routes): their states write the message as UTF-8 themselves (RegistryLogLine) instead of
        // building it as a string the way [LoggerMessage] does. Event ids and messages are as they were generated.
        private static readonly EventId RouteRegisteredEvent = new(1, "route-registered");
        private static readonly EventId EndpointRegisteredEvent = new(2, "endpoint-registered");
        private static readonly EventId EndpointUnregisteredEvent = new(5, "endpoint-unregistered");
        private static readonly EventId RouteUnregisteredEvent = new(8, "route-unregistered");

        /// <summary>Information, or Debug for a route restored from a snapshot (one summary line says how many).</summary>
        public static void RouteRegistered(ILogger logger, string uri, LogLevel level = LogLevel.Information)
        {
            if (logger.IsEnabled(level))
            {
                RegistryLogLine.Write(logger, level, RouteRegisteredEvent,
                    new RouteLogLine("route-registered", "route-registered uri={Uri}", uri));
            }
        }

        /// <summary>Information when the table changed, Debug for a heartbeat that only refreshed.</summary>
        public static void EndpointRegistered(ILogger logger, LogLevel level, string uri, Endpoint endpoint, string action)
        {
            if (logger.IsEnabled(level))
            {
                RegistryLogLine.Write(logger, level, EndpointRegisteredEvent, new EndpointLogLine(
                    "endpoint-registered",
                    "endpoint-registered uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId} tls={Tls} action={Action}",
                    uri, endpoint, action));
            }
        }

        public static void EndpointUnregistered(ILogger logger, string uri, Endpoint endpoint)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                RegistryLogLine.Write(logger, LogLevel.Information, EndpointUnregisteredEvent, new EndpointLogLine(
                    "endpoint-unregistered",
                    "endpoint-unregistered uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId}",
                    uri, endpoint, action: null));
            }
        }

        public static void RouteUnregistered(ILogger logger, string uri)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                RegistryLogLine.Write(logger, LogLevel.Information, RouteUnregisteredEvent,
                    new RouteLogLine("route-unregistered", "route-unregistered uri={Uri}", uri));
            }
        }

        // Information for an unknown endpoint on a known route (as Gorouter), Debug when the route itself is unknown.
        [LoggerMessage(EventId = 6, EventName = "endpoint-not-unregistered",
            Message = "endpoint-not-unregistered uri={Uri} backend={Backend}")]
        public static partial void EndpointNotUnregistered(ILogger logger, LogLevel level, string uri, BackendAddress backend);

        [LoggerMessage(EventId = 9, EventName = "pruned-route", Level = LogLevel.Information,
            Message = "pruned-route uri={Uri} endpoints={Endpoints} isolation_segment={IsolationSegment}")]
        public static partial void PrunedRoute(ILogger logger, string uri, string endpoints, string isolationSegment);

        [LoggerMessage(EventId = 10, EventName = "prune-failed-endpoint", Level = LogLevel.Error,
            Message = "prune-failed-endpoint uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId}")]
        public static partial void PruneFailedEndpoint(ILogger logger, string uri, BackendAddress backend, CompactId applicationId, CompactId instanceId);

        [LoggerMessage(EventId = 11, EventName = "invalid-endpoint-load-balancing-algorithm-provided-keeping-pool-lb-algo", Level = LogLevel.Error,
            Message = "invalid-endpoint-load-balancing-algorithm-provided-keeping-pool-lb-algo endpointLBAlgorithm={EndpointAlgorithm} poolLBAlgorithm={PoolAlgorithm} uri={Uri}")]
        public static partial void InvalidLoadBalancingAlgorithm(ILogger logger, string endpointAlgorithm, string poolAlgorithm, string uri);

        [LoggerMessage(EventId = 13, EventName = "hash-routing-properties-missing", Level = LogLevel.Error,
            Message = "hash-routing-properties-missing uri={Uri} backend={Backend}: options.loadbalancing is hash without options.hash_header; requests use the default algorithm")]
        public static partial void HashHeaderMissing(ILogger logger, string uri, BackendAddress backend);

        [LoggerMessage(EventId = 12, EventName = "endpoint-not-in-router-shard", Level = LogLevel.Debug,
            Message = "endpoint-not-in-router-shard backend={Host}:{Port} isolation_segment={IsolationSegment}")]
        public static partial void OutsideShard(ILogger logger, string host, int port, string isolationSegment);
    }
}
