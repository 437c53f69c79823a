using System.Globalization;

namespace Router.Configuration;

/// <summary>
/// <c>logging.syslog_addr</c> split as Go's <c>net.SplitHostPort</c> splits it: <c>host:port</c>, an IPv6 host in
/// brackets (<c>[::1]:514</c>). The host is resolved when the router connects, not here.
/// </summary>
internal readonly record struct SyslogAddress(string Host, int Port)
{
    public static bool TryParse(string text, out SyslogAddress address)
    {
        address = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('['))
        {
            if (!host.EndsWith(']') || host.Length < 3)
            {
                return false;
            }

            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            // An IPv6 address needs its brackets, or the port cannot be told apart.
            return false;
        }

        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        address = new SyslogAddress(host, port);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
