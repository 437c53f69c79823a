using Microsoft.Extensions.Primitives;

namespace Router.Proxying;

/// <summary>
/// Reads the request <c>Cookie</c> header without building a cookie collection: the request path only needs to
/// know whether a sticky-session cookie and <c>__VCAP_ID__</c> are present (docs/gorouter-compatibility.md §7.1).
/// </summary>
internal static class CookieScanner
{
    /// <summary>
    /// Scans the request cookies. <paramref name="hasStickyCookie"/> tells whether one of
    /// <paramref name="stickyNames"/> is present; <paramref name="vcapId"/> is the <c>__VCAP_ID__</c> value, if any.
    /// </summary>
    public static void Scan(StringValues cookieHeaders, string[] stickyNames, out bool hasStickyCookie, out string? vcapId)
    {
        vcapId = null;
        hasStickyCookie = false;
        foreach (var header in cookieHeaders)
        {
            var rest = header.AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf(';');
                var pair = (end < 0 ? rest : rest[..end]).Trim();
                rest = end < 0 ? default : rest[(end + 1)..];
                var eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                var name = pair[..eq].Trim();
                if (name.SequenceEqual(RouterHeaders.VcapIdCookie))
                {
                    var value = pair[(eq + 1)..].Trim().Trim('"');
                    vcapId = value.IsEmpty ? null : value.ToString();
                }
                else if (!hasStickyCookie && IsOneOf(name, stickyNames))
                {
                    hasStickyCookie = true;
                }
            }
        }
    }

    private static bool IsOneOf(ReadOnlySpan<char> name, string[] names)
    {
        foreach (var candidate in names)
        {
            if (name.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
