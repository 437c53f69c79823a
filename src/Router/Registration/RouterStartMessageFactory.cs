using Conventions;
using Router.Configuration;
using RouteRegistry;
using RouteMessages;

namespace Router.Registration;

/// <summary>Builds the <c>router.start</c> / <c>router.greet</c> answer (docs/gorouter-compatibility.md §1.4).</summary>
internal static class RouterStartMessageFactory
{
    /// <summary>One identity per process: <c>&lt;index&gt;-&lt;uuid&gt;</c>.</summary>
    private static readonly Guid ProcessId = Guid.NewGuid();

    public static RouterStartMessage Create(RouterOptions options)
    {
        var interval = (int)Math.Ceiling(options.StartResponseDelayInterval.TotalSeconds);
        var prune = (int)Math.Ceiling(options.DropletStaleThreshold.TotalSeconds);
        return new RouterStartMessage
        {
            Id = $"{options.Index}-{ProcessId}",
            Hosts = [MachineAddress.Ipv4()],

            // Clients heartbeat at this interval; Gorouter sends start_response_delay_interval in whole seconds.
            MinimumRegisterIntervalInSeconds = interval,

            // A threshold below the heartbeat interval would prune live routes, so it is raised to it.
            PruneThresholdInSeconds = Math.Max(prune, interval),
        };
    }
}
