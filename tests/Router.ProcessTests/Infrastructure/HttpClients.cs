using System.Net;
using System.Net.Sockets;

namespace Router.ProcessTests.Infrastructure;

/// <summary>HTTP and TCP helpers aimed at the router's loopback ports.</summary>
public static class HttpClients
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A client that sends exactly what it is given: no proxy, no redirects, no cookies.</summary>
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        Timeout = RequestTimeout,
    };

    /// <summary>A GET for <paramref name="host"/> through the proxy on <paramref name="port"/>.</summary>
    public static HttpRequestMessage ProxyGet(int port, string host, string pathAndQuery = "/", bool closeConnection = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}{pathAndQuery}"));
        request.Headers.Host = host;
        request.Headers.ConnectionClose = closeConnection;
        return request;
    }

    /// <summary>Sends <paramref name="request"/> (and disposes it) and reads the whole answer.</summary>
    public static async Task<ProxyAnswer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(client);
        using (request)
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var routerError = response.Headers.TryGetValues("X-Cf-Routererror", out var values) ? string.Join(",", values) : null;
            return new ProxyAnswer(response.StatusCode, body, routerError);
        }
    }

    /// <summary>True when a TCP connection to 127.0.0.1:<paramref name="port"/> is refused (nothing listens).</summary>
    public static async Task<bool> IsRefusedAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5));
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Accepted into the backlog of a listener that was closing: not refused yet, the next try will tell.
            return false;
        }
    }
}

/// <summary>A whole answer from the router.</summary>
/// <param name="Status">Status code.</param>
/// <param name="Body">Body as text.</param>
/// <param name="RouterError">The <c>X-Cf-Routererror</c> header, null when absent.</param>
public sealed record ProxyAnswer(HttpStatusCode Status, string Body, string? RouterError);
