namespace RouteRegistry;

/// <summary>One route of <see cref="RouteTable.Snapshot"/>: the <c>/routes</c> JSON key and its endpoints (docs/gorouter-compatibility.md §2.7).</summary>
/// <param name="Key">The lower-case registration key, e.g. <c>app.example.com/api</c>.</param>
/// <param name="Pool">The route's pool.</param>
/// <param name="Endpoints">
/// The route's endpoints when this entry was made; empty for a lingering empty route. The pool's own array, which it never
/// changes (a change replaces it), so taking a snapshot copies no endpoint list.
/// </param>
public readonly record struct RouteSnapshot(string Key, EndpointPool Pool, ReadOnlyMemory<Endpoint> Endpoints);
