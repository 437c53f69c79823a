using Microsoft.Extensions.Logging;
using Router.Proxying;
using Router.Tracing;

namespace Router.Hosting;

/// <summary>The tracing parts of the host, built only when their keys turn them on.</summary>
internal sealed partial class RouterHost
{
    private TracePropagator? CreateTracePropagator() =>
        _options.Tracing.HeadersEnabled
            ? new TracePropagator(_options.Tracing, RequestIds.NextGuid, LoggerFactory.CreateLogger<TracePropagator>())
            : null;
}
