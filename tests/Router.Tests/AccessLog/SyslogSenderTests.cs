using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Router.AccessLog;
using Router.Configuration;
using Router.Testing;

namespace Router.Tests.AccessLog;

public sealed class SyslogSenderTests
{
    private const string StreamingFailed = "error-emitting-access-log-to-writer-syslog";

    /// <summary>Short waits between attempts; connects and writes keep generous timeouts for a busy machine.</summary>
    private static readonly SyslogSenderTimings Quick = new()
    {
        MinBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
        HealthyAfter = TimeSpan.FromMilliseconds(200),
        ShutdownGrace = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task TryEnqueue_TcpServer_MessagesArriveOctetCountedInOrder()
    {
        await using var server = SyslogTestListener.StartNew();
        await using var sender = Start($"127.0.0.1:{server.Port}", "tcp", new ListLogger());

        sender.TryEnqueue("one\nwith a newline"u8);
        sender.TryEnqueue("two"u8);

        await Eventually.Until("both messages arrived", () => server.Messages.Count == 2);
        Assert.Equal(["one\nwith a newline", "two"], server.Messages);
        Assert.Equal(2, sender.SentMessages);
    }

    [Fact]
    public async Task TryEnqueue_ServerStoppedThenRestarted_ReconnectsAndLogsTheOutageOnce()
    {
        await using var server = SyslogTestListener.StartNew();
        var logger = new ListLogger();
        await using var sender = Start($"127.0.0.1:{server.Port}", "tcp", logger);
        sender.TryEnqueue("before"u8);
        await Eventually.Until("the first message arrived", () => server.Messages.Contains("before"));

        await server.StopAsync();
        await Eventually.Until("connecting failed twice", () =>
        {
            sender.TryEnqueue("during"u8);
            return sender.ConnectionFailures >= 2;
        });
        server.Start();
        await Eventually.Until("a message arrived after the restart", () =>
        {
            sender.TryEnqueue("after"u8);
            return server.Messages.Contains("after");
        });

        Assert.Equal(1, logger.Count(StreamingFailed));
        await Eventually.Until("the recovery was logged", () =>
        {
            sender.TryEnqueue("later"u8);
            return logger.Count("syslog-streaming-resumed") == 1;
        });
    }

    [Fact]
    public async Task TryEnqueue_PeerNeverReads_DropsAreCountedQueueStaysBoundedAndFailureLoggedOnce()
    {
        await using var server = SyslogTestListener.StartNew(read: false);
        var logger = new ListLogger();
        const long maxQueuedBytes = 1024 * 1024;
        var timings = Quick with { WriteTimeout = TimeSpan.FromMilliseconds(500), HealthyAfter = TimeSpan.FromMinutes(10) };
        await using var sender = new SyslogSender(Target($"127.0.0.1:{server.Port}", "tcp"), logger, timings, capacity: 256, maxQueuedBytes);
        sender.Start();
        var message = new byte[16 * 1024];

        await Eventually.Until("writes timed out twice", () =>
        {
            for (var i = 0; i < 64; i++)
            {
                sender.TryEnqueue(message);
                Assert.True(sender.QueuedBytes <= maxQueuedBytes, $"{sender.QueuedBytes} bytes queued");
            }

            return sender.ConnectionFailures >= 2;
        }, TimeSpan.FromSeconds(20));

        Assert.True(sender.DroppedMessages > 0);
        Assert.True(server.Connections >= 2, "the connection is replaced after a write times out");
        Assert.True(logger.Count(StreamingFailed) == 1, logger.Describe());
    }

    [Fact]
    public async Task TryEnqueue_HostDoesNotResolve_QueueFillsDropsCountedFailureLoggedOnce()
    {
        var logger = new ListLogger();
        await using var sender = new SyslogSender(Target("no-such-host.invalid:514", "tcp"), logger, Quick, capacity: 4);
        sender.Start();

        for (var i = 0; i < 10; i++)
        {
            sender.TryEnqueue("line"u8);
        }

        await Eventually.Until("resolving failed three times", () => sender.ConnectionFailures >= 3, TimeSpan.FromSeconds(20));
        Assert.True(sender.DroppedMessages >= 6, $"{sender.DroppedMessages} dropped");
        Assert.Equal(1, logger.Count(StreamingFailed));
    }

    [Fact]
    public async Task TryEnqueue_UdpPortRefuses_CountedAndLoggedOnce()
    {
        var logger = new ListLogger();
        await using var sender = Start($"127.0.0.1:{FreePort.Next()}", "udp", logger);

        await Eventually.Until("sends were refused twice", () =>
        {
            sender.TryEnqueue("line"u8);
            return sender.ConnectionFailures >= 2;
        });

        Assert.True(sender.DroppedMessages >= 2);
        Assert.Equal(1, logger.Count(StreamingFailed));
    }

    [Fact]
    public async Task TryEnqueue_UdpServer_OneDatagramPerMessage()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        await using var sender = Start($"127.0.0.1:{port}", "udp", new ListLogger());

        sender.TryEnqueue("first"u8);
        sender.TryEnqueue("second"u8);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("first", Encoding.UTF8.GetString((await server.ReceiveAsync(timeout.Token)).Buffer));
        Assert.Equal("second", Encoding.UTF8.GetString((await server.ReceiveAsync(timeout.Token)).Buffer));
    }

    [Fact]
    public async Task TryEnqueue_TlsServerWithUntrustedCertificate_HandshakeFailsLoggedOnceAndRetried()
    {
        using var untrusted = TestCertificateAuthority.Create("Untrusted CA");
        using var certificate = untrusted.IssueServer(["localhost"]);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeTlsAsync(listener, certificate, stop.Token);
        var logger = new ListLogger();
        await using (var sender = Start($"localhost:{((IPEndPoint)listener.LocalEndpoint).Port}", "tls", logger))
        {
            await Eventually.Until("two handshakes failed", () =>
            {
                sender.TryEnqueue("line"u8);
                return sender.ConnectionFailures >= 2;
            });

            Assert.Equal(0, sender.SentMessages);
            Assert.True(logger.Count("syslog-tls-handshake-failed") == 1, logger.Describe());
        }

        await stop.CancelAsync();
        listener.Stop();
        await serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    private static SyslogSender Start(string address, string network, ListLogger logger)
    {
        var sender = new SyslogSender(Target(address, network), logger, Quick);
        sender.Start();
        return sender;
    }

    private static SyslogTarget Target(string address, string network) =>
        SyslogTarget.From(new RouterOptions { Syslog = new SyslogOptions { Address = address, Network = network } });

    private static async Task ServeTlsAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken);
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(certificate);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client refuses the certificate: what the test expects.
            }
        }
    }
}
