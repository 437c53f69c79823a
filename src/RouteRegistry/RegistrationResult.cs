namespace RouteRegistry;

/// <summary>
/// What one registration message did, counted per URI (the actions of Gorouter's <c>registry_message</c> metric).
/// </summary>
/// <param name="Added">URIs where the endpoint was new.</param>
/// <param name="Updated">URIs where the endpoint existed with different data and was replaced.</param>
/// <param name="Unmodified">URIs where identical data only refreshed the endpoint's freshness.</param>
/// <param name="Rejected">URIs not processed because the message's isolation segment is outside this router's shard.</param>
/// <param name="InvalidOptions">
/// URIs whose registration named an unknown <c>options.loadbalancing</c>, or <c>hash</c> without <c>hash_header</c>; the
/// endpoint is registered all the same and the route keeps (or falls back to) another algorithm, as in Gorouter.
/// </param>
public readonly record struct RegistrationResult(int Added, int Updated, int Unmodified, int Rejected, int InvalidOptions = 0);
