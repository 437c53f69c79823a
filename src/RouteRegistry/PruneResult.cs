namespace RouteRegistry;

/// <summary>The outcome of one prune cycle (docs/gorouter-compatibility.md §3).</summary>
/// <param name="PrunedEndpoints">Endpoints removed because their last registration was too old.</param>
/// <param name="RemovedRoutes">Routes deleted because they were empty.</param>
/// <param name="Suspended">True when the cycle was skipped because the message bus was disconnected.</param>
public readonly record struct PruneResult(int PrunedEndpoints, int RemovedRoutes, bool Suspended);
