using RouteRegistry.Messages;

namespace Router.Registration;

/// <summary>
/// A message of the <c>router.*</c> subscription as the deserializer left it: a registration decoded from the
/// received bytes, or why it was rejected with the start of the payload for the log, or nothing for subjects whose
/// body the router does not read (<c>router.greet</c>, peers' <c>router.start</c>).
/// </summary>
internal readonly struct BusMessage
{
    private BusMessage(RegistrationMessage? registration, string? error, string? shownPayload)
    {
        Registration = registration;
        Error = error;
        ShownPayload = shownPayload;
    }

    /// <summary>The decoded <c>router.register</c> / <c>router.unregister</c> body, or null.</summary>
    public RegistrationMessage? Registration { get; }

    /// <summary>Why the body was rejected, or null.</summary>
    public string? Error { get; }

    /// <summary>The start of a rejected body, for the log line; null otherwise.</summary>
    public string? ShownPayload { get; }

    public static BusMessage Decoded(RegistrationMessage registration) => new(registration, null, null);

    public static BusMessage Rejected(string error, string shownPayload) => new(null, error, shownPayload);

    public static BusMessage Unread => default;
}
