using System.Text;
using Nats.Tests.Infrastructure;

namespace Nats.Tests;

public class RequestReplyTests(NatsServerFixture fixture) : IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task RequestAsync_ResponderReplies_ReturnsReply()
    {
        await using var responder = await TestConnections.ConnectAsync(fixture.Server);
        await using var requester = await TestConnections.ConnectAsync(fixture.Server);
        await using var service = await responder.SubscribeCoreAsync("router.greet");
        await responder.FlushAsync();
        var serving = ServeAsync(responder, service, "hello from router");

        var reply = await requester.RequestAsync("router.greet", ReadOnlyMemory<byte>.Empty, TestConnections.Timeout);

        Assert.Equal("hello from router", Encoding.UTF8.GetString(reply.Data.Span));
        Assert.StartsWith("_INBOX.", reply.Subject);
        await serving;
    }

    [Fact]
    public async Task RequestAsync_ManyConcurrent_EachGetsItsOwnReplyThroughOneInbox()
    {
        await using var responder = await TestConnections.ConnectAsync(fixture.Server);
        await using var requester = await TestConnections.ConnectAsync(fixture.Server);
        await using var service = await responder.SubscribeCoreAsync("echo");
        await responder.FlushAsync();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            await foreach (var request in service.Msgs.ReadAllAsync(stop.Token))
            {
                await responder.PublishAsync(request.ReplyTo!, request.Data);
            }
        });

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            await requester.RequestAsync("echo", Encoding.ASCII.GetBytes(i.ToString()), TestConnections.Timeout)));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString()), replies.Select(r => Encoding.ASCII.GetString(r.Data.Span)));
        Assert.Single(replies.Select(r => r.Subject[..r.Subject.LastIndexOf('.')]).Distinct());
        await stop.CancelAsync();
        await serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    [Fact]
    public async Task RequestAsync_NoResponder_ThrowsNatsExceptionAfterTimeout()
    {
        await using var requester = await TestConnections.ConnectAsync(fixture.Server);

        var exception = await Assert.ThrowsAsync<NatsException>(
            async () => await requester.RequestAsync("nobody.listens", "?"u8.ToArray(), TimeSpan.FromMilliseconds(100)));

        Assert.Contains("nobody.listens", exception.Message);
    }

    private static async Task ServeAsync(NatsConnection connection, NatsSubscription service, string answer)
    {
        var request = await service.Msgs.NextAsync();
        Assert.NotNull(request.ReplyTo);
        await connection.PublishAsync(request.ReplyTo, Encoding.UTF8.GetBytes(answer));
    }
}
