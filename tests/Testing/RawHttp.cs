using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Router.Testing;

/// <summary>
/// Sends a request exactly as written: HttpClient normalises request targets (<c>%61</c> becomes <c>a</c>,
/// <c>..</c> segments are removed), and some tests need what a raw client would send.
/// </summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> (which should ask for <c>Connection: close</c>) and returns the whole answer.</summary>
    public static async Task<string> SendAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A GET of <paramref name="target"/> for <paramref name="host"/>, closing the connection after the answer.</summary>
    public static Task<string> GetAsync(int port, string host, string target) =>
        SendAsync(port, $"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
}
