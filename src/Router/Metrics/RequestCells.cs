using Prometheus;

namespace Router.Metrics;

/// <summary>
/// Request-path series of one <c>component</c> label value, resolved once so a request never looks a label up in
/// prometheus-net (which takes a lock to do so): <c>total_requests</c> and <c>latency</c>.
/// </summary>
internal sealed class RequestCells(MetricFamilies families, string component)
{
    public Counter.Child Attempts { get; } = families.TotalRequests.WithLabels(component);

    public Histogram.Child Latency { get; } = families.Latency.WithLabels(component);
}
