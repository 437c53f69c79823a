using CsCheck;
using Router.AccessLog;
using Router.Tests.Hosting;

namespace Router.Tests.AccessLog;

/// <summary>Whatever a client sends, an access-log record is one line.</summary>
public sealed class AccessLogPropertyTests
{
    [Fact]
    public void Format_AnyNetworkFields_OneLine() =>
        Gen.Select(LogLinePropertyTests.HostileText, LogLinePropertyTests.HostileText, LogLinePropertyTests.HostileText, LogLinePropertyTests.HostileText)
            .Sample((host, target, agent, forwarded) =>
            {
                var record = AccessLogSamples.Proxied() with
                {
                    Host = host,
                    Method = agent,
                    RequestTarget = target,
                    UserAgent = agent,
                    Referer = target,
                    ForwardedFor = new Microsoft.Extensions.Primitives.StringValues([forwarded, host]),
                    ForwardedProto = forwarded,
                    RequestId = host,
                    RouterError = forwarded,
                    ExtraHeaderValues = [host, target],
                };

                var line = AccessLogSamples.Line(record, new AccessLogFormatOptions { ExtraHeaders = ["X-One", "X-Two"] });

                LogLinePropertyTests.AssertNoLineBreak(System.Text.Encoding.UTF8.GetBytes(line));
            }, iter: 5_000);
}
