using System.Buffers;
using Microsoft.Extensions.Logging;
using Router.Configuration;
using RouteRegistry;

namespace Router.AccessLog;

/// <summary>
/// The syslog destination of the access log (<c>access_log.enable_streaming</c>): each formatted line becomes one
/// RFC 5424 message (<see cref="SyslogMessageBuilder"/>) handed to <see cref="SyslogSender"/>. A line for an app
/// longer than <see cref="AccessLogTruncation.MaxLineBytes"/> is made again from shortened fields first, as Gorouter
/// shortens what it sends to an app's log stream. Used by the access-log writer's one task only.
/// </summary>
internal sealed class AccessLogSyslogStream : IAsyncDisposable
{
    private readonly SyslogMessageBuilder _builder;
    private readonly ArrayBufferWriter<byte> _message = new(4096);
    private readonly ArrayBufferWriter<byte> _shortLine = new();

    public AccessLogSyslogStream(RouterOptions options, ILogger logger, SyslogSenderTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _builder = new SyslogMessageBuilder(options.Syslog, options.Index, Environment.MachineName, Environment.ProcessId);
        Sender = new SyslogSender(SyslogTarget.From(options), logger, timings);
    }

    public SyslogSender Sender { get; }

    /// <summary>The message built last, for tests.</summary>
    internal ReadOnlySpan<byte> LastMessage => _message.WrittenSpan;

    public void Start() => Sender.Start();

    /// <summary>Queues the message for <paramref name="line"/>, the formatted <paramref name="record"/>.</summary>
    public void Stream(in AccessLogRecord record, AccessLogFormatOptions format, ReadOnlySpan<byte> line)
    {
        Span<char> buffer = stackalloc char[CompactId.GuidLength];
        var appId = record.ApplicationId is { } app ? app.Format(buffer) : default;
        if (!appId.IsEmpty && line.Length > AccessLogTruncation.MaxLineBytes)
        {
            _shortLine.ResetWrittenCount();
            var shortened = AccessLogTruncation.Truncate(in record);
            AccessLogFormatter.Format(in shortened, format, _shortLine);
            line = SyslogMessageBuilder.CutAtCharacter(_shortLine.WrittenSpan, AccessLogTruncation.MaxLineBytes);
        }

        _message.ResetWrittenCount();
        _builder.Write(_message, DateTime.UtcNow, line, appId, record.Tags);
        Sender.TryEnqueue(_message.WrittenSpan);
    }

    public ValueTask DisposeAsync() => Sender.DisposeAsync();
}
