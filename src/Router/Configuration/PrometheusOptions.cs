namespace Router.Configuration;

/// <summary>The Prometheus scrape listener (<c>prometheus.*</c>, docs/gorouter-compatibility.md §9).</summary>
public sealed record PrometheusOptions
{
    /// <summary>Serve metrics in the Prometheus text format (<c>prometheus.enabled</c>). Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Address the metrics listener binds to (<c>prometheus.host</c>, a key of this router). Default <c>0.0.0.0</c>.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>Port of the metrics listener (<c>prometheus.port</c>). Default 9091.</summary>
    public int Port { get; init; } = 9091;

    /// <summary>Request path of the metrics page (<c>prometheus.path</c>, a key of this router). Default <c>/metrics</c>.</summary>
    public string Path { get; init; } = "/metrics";
}
