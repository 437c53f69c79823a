namespace Router.Metrics;

/// <summary>Process and runtime values read together for one scrape. Null means not available on this platform.</summary>
internal sealed record ProcessSnapshot(
    int? FileDescriptors,
    long? MaxFileDescriptors,
    double UptimeSeconds,
    double StartTimeUnixSeconds,
    double CpuSeconds,
    long ResidentMemoryBytes,
    long? VirtualMemoryBytes,
    IReadOnlyList<long> GcCollections,
    double GcPauseSeconds,
    long GcHeapBytes,
    int ThreadPoolThreads,
    long ThreadPoolQueueLength);
