using Microsoft.AspNetCore.Http;
using Router.Testing;

namespace Router.FunctionalTests.Reload;

/// <summary>A backend whose answers wait until the test releases them (at most 30 s), and that tells when one has arrived.</summary>
internal sealed class HeldBackend : IAsyncDisposable
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldBackend()
    {
    }

    public TestBackend Backend { get; private set; } = null!;

    public static async Task<HeldBackend> StartAsync(string name)
    {
        var held = new HeldBackend();
        held.Backend = await TestBackend.StartAsync(name, async context =>
        {
            held._arrived.TrySetResult();
            await held._release.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
            await context.Response.WriteAsync(name);
        });
        return held;
    }

    /// <summary>Completes once a request has reached the backend.</summary>
    public Task WaitForArrivalAsync() => _arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public void Release() => _release.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await Backend.DisposeAsync();
    }
}
