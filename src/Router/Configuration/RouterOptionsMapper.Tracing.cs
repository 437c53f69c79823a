namespace Router.Configuration;

/// <summary>Tracing keys: <c>tracing.enable_zipkin</c>, <c>tracing.enable_w3c</c>, <c>tracing.w3c_tenant_id</c>.</summary>
internal static partial class RouterOptionsMapper
{
    private static TracingOptions MapTracing(ConfigBinder b, TracingOptions d) => new()
    {
        EnableZipkin = b.Bool("tracing.enable_zipkin", d.EnableZipkin),
        EnableW3C = b.Bool("tracing.enable_w3c", d.EnableW3C),
        W3CTenantId = b.String("tracing.w3c_tenant_id", d.W3CTenantId),
    };
}
