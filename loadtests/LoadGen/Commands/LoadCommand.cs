using System.Net;
using System.Net.Sockets;
using System.Text;
using LoadGen.CommandLine;
using LoadGen.Load;

namespace LoadGen.Commands;

/// <summary><c>load</c>: an open-loop run at a fixed request rate.</summary>
internal static class LoadCommand
{
    public const string Usage = """
        usage: LoadGen load --url http://127.0.0.1:PORT/path --rate R --duration S
                            [--connections 50] [--host HOST] [--header 'Name: value']...
                            [--timeout 5] [--out result.json] [--fail-on-error]
          Sends R requests per second on a fixed schedule over keep-alive connections and prints
          JSON with counts and latency percentiles (µs) from send and from the scheduled instant.
          --fail-on-error exits 3 when any request failed or answered outside 2xx.
        """;

    public static int Run(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, ["url", "rate", "duration", "connections", "host", "header", "timeout", "out"], ["fail-on-error"]);
        Uri url = reader.HttpUrl("url");
        double rate = reader.Double("rate", 0, 1, 10_000_000);
        TimeSpan duration = reader.Seconds("duration", 0, 0.001, 24 * 3600);
        int connections = reader.Int("connections", 50, 1, 10_000);
        TimeSpan timeout = reader.Seconds("timeout", 5, 0.001, 3600);
        if (reader.Optional("rate") is null)
        {
            reader.AddError("--rate is required");
        }

        if (reader.Optional("duration") is null)
        {
            reader.AddError("--duration is required");
        }

        if (rate * duration.TotalSeconds < 1)
        {
            reader.AddError("--rate times --duration must schedule at least one request");
        }

        byte[] request = BuildRequest(url, reader.Optional("host"), reader.All("header"), reader);
        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        IPEndPoint address = new(IPAddress.Parse(url.Host), url.Port);
        LoadOptions options = new(address, request, connections, rate, duration, timeout);
        LoadResult result;
        using (OpenLoopRunner runner = new(options))
        {
            try
            {
                result = runner.Run();
            }
            catch (SocketException exception)
            {
                Console.Error.WriteLine($"error: cannot connect to {address}: {exception.Message}");
                return 1;
            }
        }

        JsonOutput.Emit(reader.Optional("out"), json => result.WriteJson(json, options, url.ToString()));
        return reader.Flag("fail-on-error") && (result.Errors > 0 || result.Non2xx > 0) ? 3 : 0;
    }

    private static byte[] BuildRequest(Uri url, string? host, IReadOnlyList<string> headers, ArgumentReader reader)
    {
        StringBuilder text = new();
        text.Append("GET ").Append(url.PathAndQuery).Append(" HTTP/1.1\r\n");
        text.Append("Host: ").Append(host ?? url.Authority).Append("\r\n");
        text.Append("User-Agent: loadgen\r\n");
        foreach (string header in headers)
        {
            int colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || header.Contains('\r', StringComparison.Ordinal) || header.Contains('\n', StringComparison.Ordinal))
            {
                reader.AddError($"--header must be 'Name: value', not '{header}'");
                continue;
            }

            text.Append(header.Trim()).Append("\r\n");
        }

        text.Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
