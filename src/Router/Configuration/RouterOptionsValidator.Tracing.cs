namespace Router.Configuration;

/// <summary>
/// <c>tracing.w3c_tenant_id</c> becomes part of a <c>tracestate</c> key, <c>{tenant}@gorouter</c>; the W3C grammar
/// allows a tenant of 1 to 241 characters from <c>a-z 0-9 _ - * /</c>, starting with a letter or digit. Gorouter
/// does not check it and would send a header other tracers drop.
/// </summary>
internal static partial class RouterOptionsValidator
{
    private const int MaxTenantIdLength = 241;

    private static void ValidateTracing(List<ConfigError> errors, TracingOptions tracing)
    {
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
}
