using System.Diagnostics;
using System.Globalization;
using LoadGen.CommandLine;

namespace LoadGen.Commands;

/// <summary>
/// <c>sample-nginx</c>: reads an nginx <c>stub_status</c> page once a second and prints the
/// requests handled in each second. Pointed at the backend, this is the throughput of whatever
/// proxy sits in front of it, whichever load tool drives that proxy.
/// </summary>
internal static class SampleCommand
{
    public const string Usage = """
        usage: LoadGen sample-nginx --url http://127.0.0.1:PORT/nginx_status --seconds N [--out file.tsv]
          Prints 'second<TAB>requests_per_second' lines, one per second, for N seconds.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, ["url", "seconds", "out"]);
        Uri url = reader.HttpUrl("url");
        int seconds = reader.Int("seconds", 0, 1, 86_400);
        _ = reader.Required("seconds");
        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        using HttpClient client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        await using StreamWriter? file = reader.Optional("out") is { } path ? new StreamWriter(path) { AutoFlush = true } : null;
        long started = Stopwatch.GetTimestamp();
        (long requests, long at) previous = (await ReadRequestsAsync(client, url), Stopwatch.GetTimestamp());
        for (int second = 1; second <= seconds; second++)
        {
            TimeSpan wait = TimeSpan.FromSeconds(second) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            long requests = await ReadRequestsAsync(client, url);
            long at = Stopwatch.GetTimestamp();
            // The status request itself is counted by nginx; leave it out.
            double perSecond = (requests - previous.requests - 1) / Stopwatch.GetElapsedTime(previous.at, at).TotalSeconds;
            string line = string.Create(CultureInfo.InvariantCulture, $"{second}\t{Math.Max(perSecond, 0):0}");
            await Console.Out.WriteLineAsync(line);
            if (file is not null)
            {
                await file.WriteLineAsync(line);
            }

            previous = (requests, at);
        }

        return 0;
    }

    private static async Task<long> ReadRequestsAsync(HttpClient client, Uri url)
    {
        // Third line: " <accepts> <handled> <requests> ".
        string text = await client.GetStringAsync(url);
        string[] lines = text.Split('\n');
        string[] numbers = lines.Length > 2 ? lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        return numbers.Length == 3 && long.TryParse(numbers[2], NumberStyles.None, CultureInfo.InvariantCulture, out long requests)
            ? requests
            : throw new InvalidDataException($"{url} is not an nginx stub_status page");
    }
}
