using Microsoft.Extensions.Logging;
using Router.Registration;

namespace Router.Hosting;

/// <summary>How a <see cref="RouterHost"/> is assembled beyond its configuration; the defaults are production's.</summary>
internal sealed class RouterHostSettings
{
    /// <summary>Clock for pruning, failure marks and start-up delays; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logging set-up applied to every component; null uses the console as <c>logging.*</c> says.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>
    /// Connect to NATS and learn routes from it. Production always does; tests of the proxy alone may fill the
    /// route table directly.
    /// </summary>
    public bool ConnectMessageBus { get; init; } = true;

    /// <summary>
    /// Messages the NATS subscription holds before it drops (and counts) more; tests of a slow consumer make it tiny.
    /// </summary>
    public int NatsPendingMessageLimit { get; init; } = PendingPayloads.DefaultMessageLimit;

    /// <summary>Time between two saves of the route snapshot while the table changes; tests shorten it.</summary>
    public TimeSpan RouteSnapshotInterval { get; init; } = Snapshots.RouteSnapshotKeeper.DefaultInterval;
}
