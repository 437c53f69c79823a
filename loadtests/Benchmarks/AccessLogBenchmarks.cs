using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using RouteRegistry;
using Router.AccessLog;

namespace Benchmarks;

/// <summary>
/// <see cref="AccessLogFormatter.Format"/> of one access-log line into a reused buffer, as the background writer does
/// it. Expect zero allocated bytes per operation in every case.
/// </summary>
[MemoryDiagnoser]
public class AccessLogBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private AccessLogRecord _record;
    private AccessLogRecord _recordWithHeaders;
    private AccessLogFormatOptions _plain = null!;
    private AccessLogFormatOptions _extras = null!;
    private AccessLogFormatOptions _hashed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _record = new AccessLogRecord
        {
            Host = "shop42.example.com",
            StartedAt = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567),
            Method = "GET",
            RequestTarget = "/api/v2/orders/1234?expand=items&page=2",
            Protocol = "HTTP/1.1",
            StatusCode = 200,
            ResponseBytes = 5321,
            Referer = "https://shop42.example.com/cart",
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
            ClientIp = IPAddress.Parse("10.0.0.1"),
            ClientPort = 54321,
            BackendAddress = new BackendAddress("10.0.1.5", 61001),
            ForwardedFor = "203.0.113.7",
            ForwardedForHasClientIp = true,
            ForwardedProto = "https",
            RequestId = "6d1e3f0a-8a47-4c52-9a3e-1f2b3c4d5e6f",
            ResponseTime = TimeSpan.FromMilliseconds(12.5),
            BackendTime = TimeSpan.FromMilliseconds(10),
            ApplicationId = RouteRegistry.CompactId.From("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
            InstanceIndex = "3",
            InstanceId = RouteRegistry.CompactId.From("9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4"),
            BackendSucceeded = true,
            FailedAttemptsTime = TimeSpan.MinValue,
        };
        _recordWithHeaders = _record with { ExtraHeaderValues = ["80f198ee56343ba864fe8b2a57d3eff7", "e457b5a2e4d86bd1", null] };
        _plain = new AccessLogFormatOptions();
        _extras = new AccessLogFormatOptions
        {
            ExtraFields = [AccessLogExtraField.BackendTime, AccessLogExtraField.FailedAttempts, AccessLogExtraField.LocalAddress],
            ExtraHeaders = ["X-B3-TraceId", "X-B3-SpanId", "X-Missing"],
        };
        _hashed = new AccessLogFormatOptions { RedactQueryParams = QueryRedaction.Hash };
    }

    [Benchmark(Baseline = true)]
    public int FormatPlain()
    {
        _buffer.ResetWrittenCount();
        AccessLogFormatter.Format(_record, _plain, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int FormatWithExtraFieldsAndHeaders()
    {
        _buffer.ResetWrittenCount();
        AccessLogFormatter.Format(_recordWithHeaders, _extras, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int FormatWithHashedQuery()
    {
        _buffer.ResetWrittenCount();
        AccessLogFormatter.Format(_record, _hashed, _buffer);
        return _buffer.WrittenCount;
    }
}
