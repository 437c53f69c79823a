namespace Router.AccessLog;

/// <summary>How patiently <see cref="SyslogSender"/> waits for a syslog server; tests shorten these.</summary>
internal sealed record SyslogSenderTimings
{
    /// <summary>First wait after a failure. Default 100 ms.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between attempts while the server stays away. Default 5 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A resolve, connect and TLS handshake taking longer fails. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A write taking longer fails: the peer stopped reading. Default 5 s.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a failure, streaming counts as working again (and is logged so) once a connection this old carries
    /// lines. A peer that stopped reading still takes writes until its buffers fill, which at a few hundred lines a
    /// second lasts seconds; shorter proof would log such a peer's every cycle. Default 60 s.
    /// </summary>
    public TimeSpan HealthyAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long shutdown waits for queued messages to be sent. Default 2 s.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(2);
}
