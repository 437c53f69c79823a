namespace Router.Metrics;

/// <summary>Registration-stream cells of one <c>component</c> label value: <c>registry_message</c> and <c>unregistry_message</c>.</summary>
internal sealed class RegistryCells
{
    private long _added;
    private long _updated;
    private long _unmodified;
    private long _unregistered;

    public void AddAdded(long count) => Interlocked.Add(ref _added, count);

    public void AddUpdated(long count) => Interlocked.Add(ref _updated, count);

    public void AddUnmodified(long count) => Interlocked.Add(ref _unmodified, count);

    public void AddUnregistered(long count) => Interlocked.Add(ref _unregistered, count);

    public long ReadAdded() => Interlocked.Read(ref _added);

    public long ReadUpdated() => Interlocked.Read(ref _updated);

    public long ReadUnmodified() => Interlocked.Read(ref _unmodified);

    public long ReadUnregistered() => Interlocked.Read(ref _unregistered);
}
