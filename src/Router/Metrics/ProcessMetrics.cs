using System.Diagnostics;
using System.Globalization;
using System.IO.Enumeration;

namespace Router.Metrics;

/// <summary>
/// Process and runtime values read at scrape time: what Gorouter's page carries from client_golang's process
/// collector and its own <c>file_descriptors</c>, plus the .NET runtime's equivalents of the <c>go_*</c> gauges.
/// Linux values come from <c>/proc/self</c>; where that is missing (a developer's machine) they are left out.
/// </summary>
internal sealed class ProcessMetrics
{
    private const string FdDirectory = "/proc/self/fd";
    private const string StatmFile = "/proc/self/statm";
    private const string LimitsFile = "/proc/self/limits";

    private static readonly EnumerationOptions FdEnumeration = new()
    {
        // Attribute filters would stat every entry; the count needs none of that.
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly TimeProvider _timeProvider;

    public ProcessMetrics(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        using var process = Process.GetCurrentProcess();
        StartTime = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>When the process started (UTC).</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>Reads every value once, so a scrape reports a single point in time for each.</summary>
    public ProcessSnapshot Read()
    {
        var (resident, virtualBytes) = ReadMemory();
        var generations = new long[GC.MaxGeneration + 1];
        for (var i = 0; i < generations.Length; i++)
        {
            generations[i] = GC.CollectionCount(i);
        }

        return new ProcessSnapshot(
            FileDescriptors: CountFileDescriptors(),
            MaxFileDescriptors: ReadMaxFileDescriptors(),
            UptimeSeconds: Math.Max(0, (_timeProvider.GetUtcNow() - StartTime).TotalSeconds),
            StartTimeUnixSeconds: StartTime.ToUnixTimeMilliseconds() / 1000.0,
            CpuSeconds: Environment.CpuUsage.TotalTime.TotalSeconds,
            ResidentMemoryBytes: resident,
            VirtualMemoryBytes: virtualBytes,
            GcCollections: generations,
            GcPauseSeconds: GC.GetTotalPauseDuration().TotalSeconds,
            GcHeapBytes: GC.GetTotalMemory(forceFullCollection: false),
            ThreadPoolThreads: ThreadPool.ThreadCount,
            ThreadPoolQueueLength: ThreadPool.PendingWorkItemCount);
    }

    /// <summary>Entries of <c>/proc/self/fd</c>, as Gorouter counts them; null off Linux.</summary>
    public static int? CountFileDescriptors()
    {
        try
        {
            // The transform never asks for the name, so no string is made per descriptor.
            var entries = new FileSystemEnumerable<byte>(FdDirectory, static (ref FileSystemEntry _) => 0, FdEnumeration);
            var count = 0;
            foreach (var _ in entries)
            {
                count++;
            }

            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? ReadMaxFileDescriptors()
    {
        // Line "Max open files  <soft>  <hard>  files"; the soft limit is what open() runs into.
        foreach (var line in ReadLinesOrEmpty(LimitsFile))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft)
                ? soft
                : null;
        }

        return null;
    }

    private static (long Resident, long? Virtual) ReadMemory()
    {
        // statm: "<size> <resident> ..." in pages.
        var fields = ReadLinesOrEmpty(StatmFile).FirstOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is { Length: >= 2 }
            && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sizePages)
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var residentPages))
        {
            return (residentPages * Environment.SystemPageSize, sizePages * Environment.SystemPageSize);
        }

        return (Environment.WorkingSet, null);
    }

    private static string[] ReadLinesOrEmpty(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
