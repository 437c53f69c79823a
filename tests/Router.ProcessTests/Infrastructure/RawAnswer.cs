using System.Globalization;
using Router.Testing;

namespace Router.ProcessTests.Infrastructure;

/// <summary>An HTTP/1.1 answer read byte for byte (<see cref="RawHttp"/>), so header values are seen exactly as sent.</summary>
public sealed class RawAnswer
{
    private readonly Dictionary<string, string> _headers;

    private RawAnswer(int status, Dictionary<string, string> headers, string body)
    {
        Status = status;
        _headers = headers;
        Body = body;
    }

    public int Status { get; }

    /// <summary>The body as sent (no chunked framing is expected from these endpoints).</summary>
    public string Body { get; }

    /// <summary>GETs <paramref name="target"/> on <paramref name="port"/> with <c>Connection: close</c> and optional extra header lines.</summary>
    public static async Task<RawAnswer> GetAsync(int port, string host, string target, string extraHeaders = "")
    {
        var text = await RawHttp.SendAsync(port, $"GET {target} HTTP/1.1\r\nHost: {host}\r\n{extraHeaders}Connection: close\r\n\r\n");
        return Parse(text);
    }

    /// <summary>The header's value exactly as sent; null when absent.</summary>
    public string? Header(string name) => _headers.GetValueOrDefault(name);

    private static RawAnswer Parse(string text)
    {
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new FormatException($"Not an HTTP answer: '{text}'");
        }

        var lines = text[..split].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        return new RawAnswer(status, headers, text[(split + 4)..]);
    }
}
