using System.Diagnostics;
using System.Net;
using System.Net.Http;

namespace Router.ProcessTests.Infrastructure;

/// <summary>
/// A steady stream of requests over many routes, from a few loops, to whichever router port <see cref="Target"/>
/// names at the time: a test aims it at a restarted router and counts what that router answered from its first
/// answer on. A refused or reset connection (nothing listening yet) is not an answer and is counted apart.
/// </summary>
public sealed class SteadyRequests : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private readonly IReadOnlyList<string> _hosts;
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _target;
    private TimeSpan? _firstAnswer;
    private TimeSpan? _last404;
    private int _ok;
    private int _notFound;
    private int _other;
    private int _refused;

    public SteadyRequests(IReadOnlyList<string> hosts, int port, int loops = 4)
    {
        _hosts = hosts;
        _target = port;
        _loops = [.. Enumerable.Range(0, loops).Select(i => Task.Run(() => RunAsync(i)))];
    }

    /// <summary>Answers 200 counted since the start or the last <see cref="CountFrom"/>.</summary>
    public int Ok => Volatile.Read(ref _ok);

    /// <summary>Answers 404 counted since <see cref="CountFrom"/>.</summary>
    public int NotFound => Volatile.Read(ref _notFound);

    /// <summary>Other answers counted since <see cref="CountFrom"/>.</summary>
    public int Other => Volatile.Read(ref _other);

    /// <summary>Connections refused or reset since <see cref="CountFrom"/>.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>From the first answer of the counted router to its last 404; zero when it answered no 404.</summary>
    public TimeSpan NotFoundWindow
    {
        get
        {
            lock (_gate)
            {
                return _firstAnswer is { } first && _last404 is { } last ? last - first : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Aims every loop at <paramref name="port"/> and starts counting from zero.</summary>
    public void CountFrom(int port)
    {
        lock (_gate)
        {
            _firstAnswer = null;
            _last404 = null;
            _ok = _notFound = _other = _refused = 0;
            Volatile.Write(ref _target, port);
        }
    }

    public string Describe() =>
        $"{Ok} x 200, {NotFound} x 404 over {NotFoundWindow.TotalMilliseconds:0} ms after the first answer, {Other} other, {Refused} refused";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(int loop)
    {
        using var client = HttpClients.Create();
        client.Timeout = TimeSpan.FromSeconds(5);
        for (var i = loop; !_stop.IsCancellationRequested; i += _loops.Length)
        {
            var port = Volatile.Read(ref _target);
            var host = _hosts[i % _hosts.Count];
            try
            {
                using var request = HttpClients.ProxyGet(port, host);
                using var response = await client.SendAsync(request, _stop.Token);
                Record(port, response.StatusCode);
            }
            catch (HttpRequestException)
            {
                if (port == Volatile.Read(ref _target))
                {
                    Interlocked.Increment(ref _refused);
                }

                // Nothing listens yet (or the old router is closing): try again soon, without spinning.
                await Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Record(int port, HttpStatusCode status)
    {
        lock (_gate)
        {
            if (port != _target)
            {
                return;
            }

            var now = _clock.Elapsed;
            _firstAnswer ??= now;
            switch (status)
            {
                case HttpStatusCode.OK:
                    _ok++;
                    break;
                case HttpStatusCode.NotFound:
                    _notFound++;
                    _last404 = now;
                    break;
                default:
                    _other++;
                    break;
            }
        }
    }
}
