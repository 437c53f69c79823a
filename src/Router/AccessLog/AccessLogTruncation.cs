using Microsoft.Extensions.Primitives;

namespace Router.AccessLog;

/// <summary>
/// Shortens the fields of a record whose line is too long for an app's log stream, as Gorouter does before it
/// sends an access log to the app (<c>accesslog/schema/access_log_record.go</c>, <c>makeRecord(performTruncate)</c>):
/// a line over 65,400 bytes is made again with the request URI and each extra header halved until it is at most
/// 20,000 characters, and Referer, User-Agent, X-Forwarded-For and X-Forwarded-Proto until they are at most 1,000,
/// each halving followed by <c>...NAME-TOO-LONG-TO-LOG--TRUNCATED</c>. The file and lines without an app keep the
/// whole record, as in Gorouter.
/// </summary>
internal static class AccessLogTruncation
{
    /// <summary>A line longer than this is made again from shortened fields (UDP's limit with room for the header).</summary>
    public const int MaxLineBytes = 65_400;

    /// <summary>Limit for headers a browser normally sets.</summary>
    public const int SmallLimit = 1_000;

    /// <summary>Limit for the request URI and extra headers.</summary>
    public const int LargeLimit = 20_000;

    /// <summary>The record with long fields shortened; the same record when none is over its limit.</summary>
    public static AccessLogRecord Truncate(in AccessLogRecord record)
    {
        var forwardedFor = record.ForwardedFor;
        if (forwardedFor.Count > 0)
        {
            // The line shows the values joined, so the joined value is what is limited.
            var joined = forwardedFor.Count == 1 ? forwardedFor[0] ?? string.Empty : string.Join(", ", forwardedFor.ToArray());
            var shortened = TruncateToSize(joined, "X-Forwarded-For", SmallLimit);
            forwardedFor = ReferenceEquals(shortened, joined) ? forwardedFor : new StringValues(shortened);
        }

        var extra = record.ExtraHeaderValues;
        if (extra is not null && extra.Any(v => v is { Length: > LargeLimit }))
        {
            extra = extra.Select(v => v is null ? null : TruncateToSize(v, "extra-request-header", LargeLimit)).ToArray();
        }

        return record with
        {
            RequestTarget = TruncateToSize(record.RequestTarget, "request-uri", LargeLimit),
            Referer = TruncateOrNull(record.Referer, "Referer"),
            UserAgent = TruncateOrNull(record.UserAgent, "User-Agent"),
            ForwardedFor = forwardedFor,
            ForwardedProto = TruncateOrNull(record.ForwardedProto, "X-Forwarded-Proto"),
            ExtraHeaderValues = extra,
        };
    }

    /// <summary>Gorouter's <c>truncateToSize</c>: keep the first half and mark it, until the value fits.</summary>
    public static string TruncateToSize(string value, string name, int limit)
    {
        if (value.Length <= limit)
        {
            return value;
        }

        var marker = "..." + name.ToUpperInvariant() + "-TOO-LONG-TO-LOG--TRUNCATED";
        while (value.Length > limit)
        {
            value = string.Concat(value.AsSpan(0, value.Length / 2), marker);
        }

        return value;
    }

    private static string? TruncateOrNull(string? value, string name) =>
        value is null ? null : TruncateToSize(value, name, SmallLimit);
}
