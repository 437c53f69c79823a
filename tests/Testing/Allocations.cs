namespace Router.Testing;

/// <summary>Measures what a piece of code allocates on the calling thread.</summary>
public static class Allocations
{
    /// <summary>
    /// Bytes allocated by <paramref name="action"/>, the least of up to three runs: the runtime may allocate on the
    /// thread once while it recompiles hot code (tiering, on-stack replacement), while code that really allocates
    /// does so in every run.
    /// </summary>
    public static long Measure(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var least = long.MaxValue;
        for (var run = 0; run < 3 && least != 0; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
