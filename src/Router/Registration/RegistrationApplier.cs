using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Logging;
using Router.Metrics;
using RouteRegistry;
using RouteMessages;

namespace Router.Registration;

/// <summary>
/// Decodes <c>router.register</c> and <c>router.unregister</c> bodies straight from the received bytes and applies
/// them to a route table, counting each in the metrics. A body that fails to decode is counted, logged with its
/// subject, and changes nothing. The subscriber's one loop calls it; so does the start-up warm-up, on a table and
/// without metrics of its own (<c>nats.warm_up</c>, <c>MessageBusSubscriber.WarmUp.cs</c>).
/// </summary>
internal sealed partial class RegistrationApplier(RouteTable table, RouterMetrics? metrics, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Bytes of a rejected body shown in the log line.</summary>
    internal const int LoggedPayloadLimit = 512;

    public void Register(ReadOnlySpan<byte> body)
    {
        if (!TryParse(NatsSubjects.Register, body, out var registration))
        {
            return;
        }

        var result = table.Register(registration);
        if (metrics is null)
        {
            return;
        }

        var component = ComponentOf(registration);
        if (result.InvalidOptions > 0)
        {
            // Unusable load-balancing options are logged by the table; they count with the other malformed messages.
            metrics.InvalidRegistryMessage();
        }

        if (result.Added > 0)
        {
            metrics.RegistryMessage(component, "added", result.Added);
            if (registration.EndpointUpdatedAtNs > 0)
            {
                var nowNs = (timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
                metrics.RouteRegistrationLatency((nowNs - registration.EndpointUpdatedAtNs) / 1_000_000.0);
            }
        }

        if (result.Updated > 0)
        {
            metrics.RegistryMessage(component, "updated", result.Updated);
        }

        if (result.Unmodified > 0)
        {
            metrics.RegistryMessage(component, "unmodified", result.Unmodified);
        }
    }

    public void Unregister(ReadOnlySpan<byte> body)
    {
        if (TryParse(NatsSubjects.Unregister, body, out var registration))
        {
            var count = table.Unregister(registration);
            metrics?.UnregistryMessage(ComponentOf(registration), count);
        }
    }

    private bool TryParse(string subject, ReadOnlySpan<byte> body, [NotNullWhen(true)] out RegistrationMessage? registration)
    {
        if (RegistrationMessageParser.TryParse(body, out registration, out var error))
        {
            return true;
        }

        metrics?.InvalidRegistryMessage();
        LogValidationError(logger, subject, error, Encoding.UTF8.GetString(body[..Math.Min(body.Length, LoggedPayloadLimit)]));
        return false;
    }

    private static string ComponentOf(RegistrationMessage registration) =>
        registration.Tags is { } tags && tags.TryGetValue("component", out var component) ? component : string.Empty;

    [LoggerMessage(EventId = 200, EventName = "validation-error", Level = LogLevel.Warning,
        Message = "Dropped a message on {Subject} that failed to decode: {Error}; payload: {Payload}")]
    private static partial void LogValidationError(ILogger logger, string subject, string error, string payload);
}
