namespace Router.Configuration;

/// <summary>
/// The OTLP collector address, ratio, queue and intervals must be usable. <c>tracing.w3c_tenant_id</c> becomes part of a <c>tracestate</c> key, <c>{tenant}@gorouter</c>; the W3C grammar
/// allows a tenant of 1 to 241 characters from <c>a-z 0-9 _ - * /</c>, starting with a letter or digit. Gorouter
/// does not check it and would send a header other tracers drop.
/// </summary>
internal static partial class RouterOptionsValidator
{
    private const int MaxTenantIdLength = 241;

    private static void ValidateTracing(List<ConfigError> errors, TracingOptions tracing)
    {
        ValidateOtlp(errors, tracing.Otlp);
        var tenant = tracing.W3CTenantId;
        if (tenant.Length == 0)
        {
            return;
        }

        var valid = tenant.Length <= MaxTenantIdLength && IsLowerAlphanumeric(tenant[0]);
        foreach (var c in tenant)
        {
            valid &= IsLowerAlphanumeric(c) || c is '_' or '-' or '*' or '/';
        }

        if (!valid)
        {
            errors.Add(new ConfigError(
                "tracing.w3c_tenant_id",
                $"must be 1 to {MaxTenantIdLength} characters of a-z, 0-9, _, -, *, / starting with a letter or digit, got {ConfigNode.Quote(tenant)}"));
        }
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    private static void ValidateOtlp(List<ConfigError> errors, OtlpOptions otlp)
    {
        if (!otlp.Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") ||
            endpoint.Query.Length > 0)
        {
            errors.Add(new ConfigError("tracing.otlp.endpoint", $"must be an http or https URL without a query, got {ConfigNode.Quote(otlp.Endpoint)}"));
        }

        if (otlp.SamplingRatio is < 0 or > 1)
        {
            errors.Add(new ConfigError("tracing.otlp.sampling_ratio", $"must be between 0 and 1, got {otlp.SamplingRatio.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        }

        if (otlp.MaxQueueSize < 1)
        {
            errors.Add(new ConfigError("tracing.otlp.max_queue_size", $"must be >= 1, got {otlp.MaxQueueSize}"));
        }

        foreach (var (key, value) in new[]
        {
            ("tracing.otlp.export_interval", otlp.ExportInterval),
            ("tracing.otlp.metrics_interval", otlp.MetricsInterval),
            ("tracing.otlp.timeout", otlp.Timeout),
        })
        {
            if (value < TimeSpan.FromMilliseconds(1) || value > TimeSpan.FromDays(1))
            {
                errors.Add(new ConfigError(key, $"must be between 1ms and 24h, got {value}"));
            }
        }

        if (otlp.ServiceName.Length == 0)
        {
            errors.Add(new ConfigError("tracing.otlp.service_name", "must not be empty"));
        }
    }
}
