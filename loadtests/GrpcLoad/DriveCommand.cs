using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using HdrHistogram;
using Router.GrpcTesting;

namespace GrpcLoad;

/// <summary>
/// Closed-loop unary calls: <c>--concurrency</c> callers on one channel (HTTP/2 multiplexed) for <c>--seconds</c>
/// after a warm-up, each sending the next call when the last one answered. Prints calls, rate, errors and latency.
/// </summary>
internal static class DriveCommand
{
    public static async Task<int> RunAsync(Options options)
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(options.Text("ca"));
        using var channel = GrpcClients.Channel(options.Text("authority"), options.Integer("port"), tls: true, TrustOnly(ca));
        var client = new Echo.EchoClient(channel);
        var request = new EchoRequest { Text = "load", Payload = ByteString.CopyFrom(new byte[options.Integer("payload-bytes", 0)]) };
        var concurrency = options.Integer("concurrency");

        await RunCallersAsync(client, request, concurrency, TimeSpan.FromSeconds(options.Integer("warmup-seconds", 2)), new Counters());
        var counters = new Counters();
        var started = Stopwatch.GetTimestamp();
        await RunCallersAsync(client, request, concurrency, TimeSpan.FromSeconds(options.Integer("seconds")), counters);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"calls={counters.Calls}");
        Console.WriteLine($"errors={counters.Errors}");
        Console.WriteLine(string.Create(inv, $"seconds={elapsed:F2}"));
        Console.WriteLine(string.Create(inv, $"rate={counters.Calls / elapsed:F0}"));
        Console.WriteLine(string.Create(inv, $"p50_ms={counters.Latency.GetValueAtPercentile(50) / 1000.0:F2}"));
        Console.WriteLine(string.Create(inv, $"p99_ms={counters.Latency.GetValueAtPercentile(99) / 1000.0:F2}"));
        if (counters.FirstError is { } error)
        {
            await Console.Error.WriteLineAsync($"first error: {error}");
        }

        return 0;
    }

    private static Task RunCallersAsync(Echo.EchoClient client, EchoRequest request, int concurrency, TimeSpan duration, Counters counters)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await client.UnaryAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
                    counters.Succeeded((long)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
                catch (Exception ex)
                {
                    counters.Failed(ex);
                }
            }
        })));
    }

    private static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 ca) => (_, certificate, chain, errors) =>
    {
        if (certificate is not X509Certificate2 leaf || chain is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    };

    /// <summary>Results shared by the callers; a lock only around the histogram, off the measured call.</summary>
    private sealed class Counters
    {
        private readonly Lock _gate = new();
        private long _calls;
        private long _errors;

        public LongHistogram Latency { get; } = new(TimeSpan.FromSeconds(60).Ticks, 3);

        public long Calls => Interlocked.Read(ref _calls);

        public long Errors => Interlocked.Read(ref _errors);

        public Exception? FirstError { get; private set; }

        public void Succeeded(long microseconds)
        {
            Interlocked.Increment(ref _calls);
            lock (_gate)
            {
                Latency.RecordValue(microseconds);
            }
        }

        public void Failed(Exception ex)
        {
            Interlocked.Increment(ref _errors);
            lock (_gate)
            {
                FirstError ??= ex;
            }
        }
    }
}
