namespace Router.GrpcTesting;

/// <summary>What the backend saw of calls that wait for cancellation: the deadline they carried and their end.</summary>
public sealed class EchoCalls
{
    private readonly TaskCompletionSource<DateTime> _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the deadline (UTC, from <c>grpc-timeout</c>) of the first waiting call.</summary>
    public Task<DateTime> FirstWaitingDeadline => _waiting.Task;

    /// <summary>Completes when a waiting call has been cancelled.</summary>
    public Task FirstCancelled => _cancelled.Task;

    internal void Waiting(DateTime deadline) => _waiting.TrySetResult(deadline);

    internal void Cancelled() => _cancelled.TrySetResult();
}
