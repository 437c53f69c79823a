namespace Nats.Internal;

/// <summary>Checks <see cref="NatsOptions"/> once, reporting every problem together.</summary>
internal static class NatsOptionsValidator
{
    // Task.Delay and PeriodicTimer accept at most this; anything longer is a configuration mistake anyway.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMilliseconds(int.MaxValue);

    public static void Validate(NatsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Servers is null || options.Servers.Count == 0)
        {
            errors.Add("Servers must list at least one server.");
        }
        else
        {
            foreach (var server in options.Servers)
            {
                if (server is null || !server.IsAbsoluteUri || server.Scheme is not ("nats" or "tls")
                    || string.IsNullOrEmpty(server.Host))
                {
                    errors.Add($"Server '{server}' is not a nats://host:port or tls://host:port URI.");
                }
            }
        }

        CheckDuration(errors, nameof(options.PingInterval), options.PingInterval, allowZero: false);
        CheckDuration(errors, nameof(options.ReconnectWait), options.ReconnectWait, allowZero: true);
        CheckDuration(errors, nameof(options.ConnectTimeout), options.ConnectTimeout, allowZero: false);
        CheckDuration(errors, nameof(options.StartupRetryDelay), options.StartupRetryDelay, allowZero: true);
        if (options.MaxPingsOutstanding < 1)
        {
            errors.Add("MaxPingsOutstanding must be at least 1.");
        }

        if (options.StartupConnectAttempts < 1)
        {
            errors.Add("StartupConnectAttempts must be at least 1.");
        }

        if (options.SubscriptionPendingLimit < 1)
        {
            errors.Add("SubscriptionPendingLimit must be at least 1.");
        }

        if (options.SubscriptionPendingBytesLimit < 1)
        {
            errors.Add("SubscriptionPendingBytesLimit must be at least 1.");
        }

        if ((options.ClientCertPath is null) != (options.ClientKeyPath is null))
        {
            errors.Add("ClientCertPath and ClientKeyPath must be given together.");
        }

        if (string.IsNullOrWhiteSpace(options.Name))
        {
            errors.Add("Name must not be empty.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid NATS options: " + string.Join(" ", errors), nameof(options));
        }
    }

    private static void CheckDuration(List<string> errors, string name, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > MaxDuration)
        {
            errors.Add($"{name} must be {(allowZero ? "zero or more" : "more than zero")} and at most {MaxDuration}.");
        }
    }
}
