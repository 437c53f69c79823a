using System.Net;
using System.Net.Sockets;
using LoadGen.CommandLine;

namespace LoadGen.Commands;

/// <summary>What the backend commands share: <c>--port</c> and <c>--duration</c>, and the accept loop on 127.0.0.1.</summary>
internal static class LoopbackServer
{
    /// <summary>
    /// Parses <c>--port P [--duration 3600]</c>, listens on 127.0.0.1:P, prints <paramref name="banner"/> (with
    /// <c>{port}</c> filled in) and hands each accepted connection to <paramref name="serve"/> until the duration ends.
    /// </summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, string usage, string banner, Func<Socket, CancellationToken, Task> serve)
    {
        ArgumentReader reader = new(args, ["port", "duration"]);
        int port = reader.Int("port", 0, 1, 65535);
        TimeSpan duration = reader.Seconds("duration", 3600, 1, 7 * 86_400);
        _ = reader.Required("port");
        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, usage);
        }

        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(1024);
        await Console.Out.WriteLineAsync(banner.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        using CancellationTokenSource stop = new(duration);
        try
        {
            while (true)
            {
                Socket connection = await listener.AcceptAsync(stop.Token);
                _ = serve(connection, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }
}
