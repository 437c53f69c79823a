using System.Text;
using Router.Testing;

namespace Router.ProcessTests.Infrastructure;

/// <summary>
/// A backend that holds every request until <see cref="Release"/>, then answers 200 with <see cref="Body"/>: requests
/// stay in flight through the router for as long as a test needs.
/// </summary>
public sealed class GatedBackend : IAsyncDisposable
{
    /// <summary>The answer: large enough to need several writes, patterned so a truncated copy cannot pass.</summary>
    public static readonly string Body = string.Concat(Enumerable.Range(0, 4096).Select(i => $"{i:x15}\n"));

    private static readonly byte[] BodyBytes = Encoding.ASCII.GetBytes(Body);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestBackend _backend = null!;
    private int _arrived;

    private GatedBackend()
    {
    }

    public TestBackend Backend => _backend;

    public int Port => _backend.Port;

    /// <summary>Requests that have reached this backend so far.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    public static async Task<GatedBackend> StartAsync(string name)
    {
        var gated = new GatedBackend();
        gated._backend = await TestBackend.StartAsync(name, async context =>
        {
            Interlocked.Increment(ref gated._arrived);
            try
            {
                await gated._release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The router gave up on this request (e.g. drain_timeout); nothing to answer.
                return;
            }

            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = BodyBytes.Length;
            await context.Response.Body.WriteAsync(BodyBytes, context.RequestAborted);
        });
        return gated;
    }

    /// <summary>Lets every held request, and every later one, answer.</summary>
    public void Release() => _release.TrySetResult();

    public Task WaitForArrivalsAsync(int count) =>
        Eventually.Until($"{count} request(s) reached backend {_backend.Name} (so far {Arrived})", () => Arrived >= count);

    public async ValueTask DisposeAsync()
    {
        Release();
        await _backend.DisposeAsync();
    }
}
