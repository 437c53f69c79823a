namespace RouteRegistry;

/// <summary>
/// The configuration strings of <see cref="LoadBalancingAlgorithm"/>, as Gorouter spells them in
/// <c>balancing_algorithm</c> and in the registration option <c>options.loadbalancing</c> (docs/gorouter-compatibility.md §4.3).
/// </summary>
public static class LoadBalancingAlgorithms
{
    /// <summary>The round-robin algorithm, Gorouter's default.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>The least-connection algorithm (no trailing "s").</summary>
    public const string LeastConnection = "least-connection";

    /// <summary>Hash-based routing on a request header, a per-route option only.</summary>
    public const string Hash = "hash";

    /// <summary>Parses a configuration string; the comparison is exact, as in Gorouter.</summary>
    /// <returns>False for null, empty or unknown values.</returns>
    public static bool TryParse(string? value, out LoadBalancingAlgorithm algorithm)
    {
        switch (value)
        {
            case RoundRobin:
                algorithm = LoadBalancingAlgorithm.RoundRobin;
                return true;
            case LeastConnection:
                algorithm = LoadBalancingAlgorithm.LeastConnection;
                return true;
            case Hash:
                algorithm = LoadBalancingAlgorithm.Hash;
                return true;
            default:
                algorithm = LoadBalancingAlgorithm.RoundRobin;
                return false;
        }
    }

    /// <summary>The configuration string of <paramref name="algorithm"/>.</summary>
    public static string ToConfigString(LoadBalancingAlgorithm algorithm) => algorithm switch
    {
        LoadBalancingAlgorithm.RoundRobin => RoundRobin,
        LoadBalancingAlgorithm.LeastConnection => LeastConnection,
        LoadBalancingAlgorithm.Hash => Hash,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown load-balancing algorithm."),
    };
}
