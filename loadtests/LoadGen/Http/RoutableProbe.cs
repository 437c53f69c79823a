using System.Diagnostics;
using System.Net;

namespace LoadGen.Http;

/// <summary>Outcome of waiting for a URL to answer 200.</summary>
/// <param name="Ready">A 200 arrived before the timeout.</param>
/// <param name="Elapsed">Time from the start of waiting to the 200 (or to giving up).</param>
/// <param name="Attempts">Requests sent.</param>
/// <param name="LastStatus">Status of the last answer; 0 when none arrived.</param>
internal sealed record ProbeResult(bool Ready, TimeSpan Elapsed, int Attempts, int LastStatus);

/// <summary>Polls a URL with a given Host header until it answers 200 or the time is up.</summary>
internal sealed class RoutableProbe : IDisposable
{
    private readonly HttpClient client;

    public RoutableProbe()
    {
        client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(2),
        })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
    }

    public void Dispose() => client.Dispose();

    /// <summary>
    /// Polls every <paramref name="interval"/> from <paramref name="started"/> (a Stopwatch
    /// timestamp, so the caller can include its own publish in the measurement). Gives up early
    /// when <paramref name="watchedPid"/> (if not 0) no longer exists.
    /// </summary>
    public async Task<ProbeResult> WaitAsync(Uri url, string? host, TimeSpan timeout, TimeSpan interval, long started, int watchedPid = 0)
    {
        int attempts = 0;
        int lastStatus = 0;
        while (true)
        {
            attempts++;
            using (HttpRequestMessage request = new(HttpMethod.Get, url))
            {
                if (host is not null)
                {
                    request.Headers.Host = host;
                }

                try
                {
                    using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    lastStatus = (int)response.StatusCode;
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return new ProbeResult(true, Stopwatch.GetElapsedTime(started), attempts, lastStatus);
                    }
                }
                catch (HttpRequestException)
                {
                    lastStatus = 0;
                }
                catch (TaskCanceledException)
                {
                    lastStatus = 0;
                }
            }

            // A server process that already exited will not become ready: stop waiting at once.
            if (Stopwatch.GetElapsedTime(started) >= timeout || (watchedPid > 0 && !Directory.Exists($"/proc/{watchedPid}")))
            {
                return new ProbeResult(false, Stopwatch.GetElapsedTime(started), attempts, lastStatus);
            }

            await Task.Delay(interval);
        }
    }
}
