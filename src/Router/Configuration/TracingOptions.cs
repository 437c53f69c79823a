namespace Router.Configuration;

/// <summary>Trace-context headers (<c>tracing.*</c>, Gorouter <c>config/config.go</c> <c>TracingConfig</c>; docs/tracing.md).</summary>
public sealed record TracingOptions
{
    /// <summary>Keep, complete or create the B3 headers sent to backends (<c>tracing.enable_zipkin</c>). Default false.</summary>
    public bool EnableZipkin { get; init; }

    /// <summary>Keep or create W3C <c>traceparent</c> and <c>tracestate</c> (<c>tracing.enable_w3c</c>). Default false.</summary>
    public bool EnableW3C { get; init; }

    /// <summary>
    /// Tenant in the router's <c>tracestate</c> key, <c>{tenant}@gorouter</c> (<c>tracing.w3c_tenant_id</c>).
    /// Default empty: the key is <c>gorouter</c>.
    /// </summary>
    public string W3CTenantId { get; init; } = "";

    /// <summary>OTLP export of spans and metrics (<c>tracing.otlp</c>).</summary>
    public OtlpOptions Otlp { get; init; } = new();

    /// <summary>True when either header family is on.</summary>
    public bool HeadersEnabled => EnableZipkin || EnableW3C;
}
