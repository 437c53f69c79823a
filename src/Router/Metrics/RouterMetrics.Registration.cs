namespace Router.Metrics;

/// <summary>The registration stream (<c>docs/gorouter-compatibility.md</c> §1, §3) and the values read at scrape time.</summary>
public sealed partial class RouterMetrics
{
    private readonly ComponentTable<RegistryCells> _registry;
    private readonly Prometheus.Histogram.Child _registrationLatency;

    /// <summary>Number of route keys in the table (<c>total_routes</c>). Unset: the sample is left out.</summary>
    public Func<int>? TotalRoutes { get; set; }

    /// <summary>Milliseconds since the last processed register message, -1 if none (<c>ms_since_last_registry_update</c>).</summary>
    public Func<double>? MsSinceLastRegistryUpdate { get; set; }

    /// <summary>Endpoints removed by pruning since start (<c>routes_pruned</c>, a counter).</summary>
    public Func<long>? RoutesPrunedTotal { get; set; }

    /// <summary>Messages waiting in the <c>router.*</c> subscription (<c>buffered_messages</c>, docs/gorouter-compatibility.md §1.1).</summary>
    public Func<long>? BufferedMessages { get; set; }

    /// <summary>Messages the <c>router.*</c> subscription dropped since start (<c>total_dropped_messages</c>, docs/gorouter-compatibility.md §1.1).</summary>
    public Func<long>? TotalDroppedMessages { get; set; }

    /// <summary>A register message was applied to <paramref name="count"/> URIs (<c>registry_message{component,action}</c>).</summary>
    /// <param name="component">The registration's <c>tags.component</c>; empty when absent.</param>
    /// <param name="action"><see cref="MetricNames.ActionAdded"/>, <see cref="MetricNames.ActionUpdated"/> or <see cref="MetricNames.ActionUnmodified"/>.</param>
    /// <param name="count">URIs the action applied to; zero records nothing.</param>
    public void RegistryMessage(string component, string action, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        var cells = _registry.Get(component);
        var series = action switch
        {
            MetricNames.ActionAdded => cells.Added,
            MetricNames.ActionUpdated => cells.Updated,
            MetricNames.ActionUnmodified => cells.Unmodified,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Expected added, updated or unmodified."),
        };
        series.Inc(count);
    }

    /// <summary>An unregister message was applied to <paramref name="count"/> URIs (<c>unregistry_message{component}</c>).</summary>
    public void UnregistryMessage(string component, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 0)
        {
            _registry.Get(component).Unregistered.Inc(count);
        }
    }

    /// <summary>The connection to NATS was lost (<c>nats_disconnects</c>).</summary>
    public void NatsDisconnected() => _families.NatsDisconnects.Inc();

    /// <summary>The router connected to NATS again after losing the connection (<c>nats_reconnects</c>).</summary>
    public void NatsReconnected() => _families.NatsReconnects.Inc();

    /// <summary>
    /// A <c>router.register</c>/<c>router.unregister</c> message was dropped because it did not decode, or a registration
    /// named unusable load-balancing options (<c>registry_message_invalid</c>).
    /// </summary>
    public void InvalidRegistryMessage() => _families.RegistryMessageInvalid.Inc();

    /// <summary>Now minus <c>endpoint_updated_at_ns</c> of a newly added endpoint (<c>route_registration_latency</c>).</summary>
    /// <remarks>Negative values (clock skew between hosts) are kept, as Gorouter keeps them.</remarks>
    public void RouteRegistrationLatency(double milliseconds)
    {
        Observe(_registrationLatency, milliseconds);
        if (_registrationLatencyInstrument.Enabled)
        {
            _registrationLatencyInstrument.Record(milliseconds);
        }
    }
}
