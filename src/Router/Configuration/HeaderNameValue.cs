namespace Router.Configuration;

/// <summary>A header named in <c>http_rewrite</c> (YAML <c>{name, value}</c>; <c>remove_headers</c> uses the name only).</summary>
/// <param name="Name">Header name.</param>
/// <param name="Value">Header value; empty for entries of <c>remove_headers</c>.</param>
public sealed record HeaderNameValue(string Name, string Value);
