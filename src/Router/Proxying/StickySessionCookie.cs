using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;
using RouteRegistry;

namespace Router.Proxying;

/// <summary>
/// Builds the <c>__VCAP_ID__</c> cookie that pins a session to an instance (docs/gorouter-compatibility.md §7.1): set when the
/// backend sets a sticky-session cookie such as <c>JSESSIONID</c>, or when a pinned request had to be served by
/// another instance. <c>Path</c> is the route's context path, <c>HttpOnly</c> always, and <c>Secure</c>,
/// <c>SameSite</c>, <c>Expires</c> and <c>Partitioned</c> follow the session cookie.
/// </summary>
internal static class StickySessionCookie
{
    /// <summary>Lifetime of a cookie set for a Negotiate challenge (Gorouter's <c>AuthNegotiateHeaderCookieMaxAgeInSeconds</c>).</summary>
    private const int NegotiateMaxAgeSeconds = 60;

    /// <summary>
    /// Returns the <c>Set-Cookie</c> value to add, or null when none is due.
    /// </summary>
    /// <param name="setCookies">The backend's <c>Set-Cookie</c> values.</param>
    /// <param name="stickyNames">Configured sticky-session cookie names.</param>
    /// <param name="endpoint">The instance that served the request.</param>
    /// <param name="pool">The route, for the cookie path.</param>
    /// <param name="requestHadStickyCookies">The request carried a sticky cookie and <c>__VCAP_ID__</c>.</param>
    /// <param name="requestedInstance">The <c>__VCAP_ID__</c> the request asked for, if any.</param>
    /// <param name="secureCookies">The <c>secure_cookies</c> setting.</param>
    /// <param name="negotiating">
    /// The answer challenges with <c>WWW-Authenticate: Negotiate</c> and <c>sticky_sessions_for_auth_negotiate</c> is on:
    /// the cookie lasts 60 s with <c>SameSite=Strict</c>, whatever session cookie the answer sets, and is set unless the
    /// request already reached the instance it asked for (Gorouter <c>proxy/round_tripper/proxy_round_tripper.go</c>).
    /// </param>
    public static string? Build(
        IEnumerable<string>? setCookies,
        string[] stickyNames,
        Endpoint endpoint,
        EndpointPool pool,
        bool requestHadStickyCookies,
        string? requestedInstance,
        bool secureCookies,
        bool negotiating = false)
    {
        if (endpoint.InstanceId.IsEmpty)
        {
            return null;
        }

        SetCookieHeaderValue? session = null;
        if (setCookies is not null)
        {
            foreach (var raw in setCookies)
            {
                if (!SetCookieHeaderValue.TryParse(raw, out var cookie))
                {
                    continue;
                }

                if (cookie.Name.Equals(RouterHeaders.VcapIdCookie, StringComparison.Ordinal))
                {
                    // The application manages the cookie itself.
                    return null;
                }

                if (session is null && Array.IndexOf(stickyNames, cookie.Name.Value) >= 0)
                {
                    session = cookie;
                }
            }
        }

        var notRequestedInstance = requestedInstance is null || !endpoint.InstanceIdOrAddressEquals(requestedInstance);
        var servedElsewhere = requestHadStickyCookies && notRequestedInstance;
        if (negotiating ? !notRequestedInstance : session is null && !servedElsewhere)
        {
            return null;
        }

        if (negotiating)
        {
            session = null;
        }

        var builder = new StringBuilder(96);
        Span<char> instanceId = stackalloc char[CompactId.GuidLength];
        builder.Append(RouterHeaders.VcapIdCookie).Append('=').Append(endpoint.FormatInstanceId(instanceId));
        builder.Append("; Path=").Append(pool.ContextPath).Append("; HttpOnly");
        if (secureCookies || session?.Secure == true)
        {
            builder.Append("; Secure");
        }

        if (session is not null)
        {
            AppendSessionAttributes(builder, session);
        }
        else if (negotiating)
        {
            builder.Append("; Max-Age=").Append(NegotiateMaxAgeSeconds).Append("; SameSite=Strict");
        }

        return builder.ToString();
    }

    private static void AppendSessionAttributes(StringBuilder builder, SetCookieHeaderValue session)
    {
        if (session.SameSite != Microsoft.Net.Http.Headers.SameSiteMode.Unspecified)
        {
            builder.Append("; SameSite=").Append(session.SameSite.ToString());
        }

        if (session.Expires is { } expires)
        {
            builder.Append("; Expires=").Append(expires.ToString("r", CultureInfo.InvariantCulture));
        }

        if (session.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero)
        {
            builder.Append("; Max-Age=0");
        }

        foreach (var extension in session.Extensions)
        {
            if (extension.Equals("Partitioned", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append("; Partitioned");
                break;
            }
        }
    }
}
