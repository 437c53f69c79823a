namespace Router.Configuration;

/// <summary>Availability-zone preference of load balancing (<c>balancing_algorithm_az_preference</c>, docs/gorouter-compatibility.md §4.4).</summary>
public enum AvailabilityZonePreference
{
    /// <summary><c>none</c> (default): endpoints of every zone are equal.</summary>
    None,

    /// <summary>
    /// <c>locally-optimistic</c>: the first attempt of a request prefers endpoints whose
    /// <c>availability_zone</c> equals the router's <c>zone</c>; retries use all zones.
    /// </summary>
    LocallyOptimistic,
}
