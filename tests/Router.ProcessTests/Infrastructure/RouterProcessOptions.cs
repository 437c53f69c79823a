namespace Router.ProcessTests.Infrastructure;

/// <summary>How a <see cref="RouterProcess"/> is configured and started.</summary>
public sealed record RouterProcessOptions
{
    /// <summary>The NATS server the router connects to; when null, <see cref="NatsPort"/> must name a port.</summary>
    public Router.Testing.NatsServerProcess? Nats { get; init; }

    /// <summary>NATS port written into the file when <see cref="Nats"/> is null (e.g. a port nobody listens on).</summary>
    public int? NatsPort { get; init; }

    /// <summary><c>start_response_delay_interval</c>; zero opens the proxy listener as soon as NATS is subscribed.</summary>
    public TimeSpan StartResponseDelay { get; init; } = TimeSpan.Zero;

    /// <summary><c>drain_wait</c>.</summary>
    public TimeSpan DrainWait { get; init; } = TimeSpan.Zero;

    /// <summary><c>drain_timeout</c>: long enough by default that no test's held request is cut by accident.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <c>nats.warm_up</c>. Off unless a test asks for it: the warm-up runs made-up registrations for up to 3 s before
    /// <c>router.start</c>, time every other test would spend waiting.
    /// </summary>
    public bool WarmUp { get; init; }

    /// <summary>Basic-auth password of <c>/routes</c> written into the file.</summary>
    public string StatusPass { get; init; } = "file-secret";

    /// <summary>More top-level YAML appended to the generated file; it must not repeat a generated key.</summary>
    public string ExtraYaml { get; init; } = "";

    /// <summary>When set, written as the whole configuration file instead of the generated one.</summary>
    public string? ConfigYaml { get; init; }

    /// <summary>Environment variables for the router process (on top of this process's, minus any <c>ROUTER_*</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Start the router with SIGHUP, SIGINT, SIGTERM and SIGUSR1 ignored, as <c>nohup</c> or a shell's background job would.</summary>
    public bool StartWithSignalsIgnored { get; init; }

    /// <summary>Wait for <c>/health</c> to answer 200 before returning from start.</summary>
    public bool WaitUntilHealthy { get; init; } = true;
}
