using Prometheus;

namespace Router.Metrics;

/// <summary>
/// Registration-stream series of one <c>component</c> label value, resolved once: <c>registry_message</c> per
/// action and <c>unregistry_message</c>.
/// </summary>
internal sealed class RegistryCells(MetricFamilies families, string component)
{
    public Counter.Child Added { get; } = families.RegistryMessage.WithLabels(MetricNames.ActionAdded, component);

    public Counter.Child Updated { get; } = families.RegistryMessage.WithLabels(MetricNames.ActionUpdated, component);

    public Counter.Child Unmodified { get; } = families.RegistryMessage.WithLabels(MetricNames.ActionUnmodified, component);

    public Counter.Child Unregistered { get; } = families.UnregistryMessage.WithLabels(component);
}
