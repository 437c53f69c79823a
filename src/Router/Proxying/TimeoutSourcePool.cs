using System.Collections.Concurrent;

namespace Router.Proxying;

/// <summary>
/// Reuses the cancellation sources that enforce <c>endpoint_timeout</c> on each backend attempt, so the request
/// path does not allocate one (and its timer) per request. A source that fired is not reusable and is dropped.
/// </summary>
internal sealed class TimeoutSourcePool
{
    private const int MaxPooled = 1024;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentQueue<CancellationTokenSource> _pool = new();
    private int _count;

    public TimeoutSourcePool(TimeSpan timeout) => _timeout = timeout;

    /// <summary>A source that cancels after the timeout, or null when the timeout is disabled.</summary>
    public CancellationTokenSource? Rent()
    {
        if (_timeout <= TimeSpan.Zero)
        {
            return null;
        }

        if (_pool.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _count);
        }
        else
        {
            source = new CancellationTokenSource();
        }

        source.CancelAfter(_timeout);
        return source;
    }

    public void Return(CancellationTokenSource? source)
    {
        if (source is null)
        {
            return;
        }

        // TryReset also stops the pending CancelAfter timer.
        if (source.TryReset())
        {
            if (Interlocked.Increment(ref _count) <= MaxPooled)
            {
                _pool.Enqueue(source);
                return;
            }

            Interlocked.Decrement(ref _count);
        }

        source.Dispose();
    }
}
