using System.Diagnostics;

namespace Router.Testing;

/// <summary>
/// Waits for a condition instead of sleeping: polls about every 20 ms and fails with a message naming what was
/// awaited when the timeout (default 10 s) passes.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static Task Until(string what, Func<bool> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Until(what, () => Task.FromResult(condition()), timeout);
    }

    public static async Task Until(string what, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (started.Elapsed >= limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting until {what}.");
            }

            await Task.Delay(PollInterval);
        }
    }
}
