using Google.Protobuf;
using Grpc.Core;
using Router.GrpcTesting;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Grpc;

/// <summary>
/// A real gRPC client through the router's HTTPS listener to a real gRPC backend registered with
/// <c>protocol: http2</c> on its TLS port: every kind of call, large messages, deadlines and error statuses.
/// </summary>
public sealed class GrpcCallTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Unary_Http2TlsEndpoint_BackendReachedOverHttp2()
    {
        await using var route = await GrpcRoute.StartAsync(output, "unary.grpc.test");

        var reply = await route.Client.UnaryAsync(new EchoRequest { Text = "hello" }, deadline: Deadline());

        Assert.Equal("hello", reply.Text);
        Assert.Equal("HTTP/2", reply.Protocol);
    }

    [Fact]
    public async Task ServerStream_HundredReplies_AllArriveInOrder()
    {
        await using var route = await GrpcRoute.StartAsync(output, "stream.grpc.test");

        using var call = route.Client.ServerStream(new EchoRequest { Text = "n", Count = 100 }, deadline: Deadline());
        var texts = new List<string>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            texts.Add(reply.Text);
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"n {i}"), texts);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Chat_TwentyOneMegabyteMessages_EachAnsweredBeforeTheNextIsSent()
    {
        await using var route = await GrpcRoute.StartAsync(output, "chat.grpc.test");
        var payload = Payload(1024 * 1024);

        // A reply must come back before the next message goes out: a router that buffered either direction
        // (the request until its end, or the response) would stop this call at the first message.
        using var call = route.Client.Chat(deadline: Deadline());
        for (var i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = $"m{i}", Payload = payload });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal($"m{i}", call.ResponseStream.Current.Text);
            Assert.Equal(payload, call.ResponseStream.Current.Payload);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Unary_TwentyMegabyteMessage_EchoedIntact()
    {
        await using var route = await GrpcRoute.StartAsync(output, "large.grpc.test");
        var payload = Payload(20 * 1024 * 1024);

        var reply = await route.Client.UnaryAsync(new EchoRequest { Text = "large", Payload = payload }, deadline: Deadline());

        Assert.Equal(payload, reply.Payload);
    }

    [Fact]
    public async Task Unary_DeadlinePasses_DeadlineExceededAndBackendCallCancelled()
    {
        await using var route = await GrpcRoute.StartAsync(output, "deadline.grpc.test");
        var deadline = DateTime.UtcNow.AddSeconds(1);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await route.Client.UnaryAsync(new EchoRequest { WaitForCancel = true }, deadline: deadline));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);

        // The backend was told the deadline (grpc-timeout passed through) and its call ended.
        var seen = await route.Backend.Calls.FirstWaitingDeadline.WaitAsync(CallTimeout);
        Assert.InRange(seen, deadline.AddSeconds(-1), deadline.AddSeconds(1));
        await route.Backend.Calls.FirstCancelled.WaitAsync(CallTimeout);
    }

    [Fact]
    public async Task Unary_BackendFailsWithStatus_StatusMessageAndTrailersIntact()
    {
        await using var route = await GrpcRoute.StartAsync(output, "status.grpc.test");
        var request = new EchoRequest { Text = "not-here", FailCode = (int)StatusCode.NotFound };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await route.Client.UnaryAsync(request, deadline: Deadline()));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("failed as asked: not-here", error.Status.Detail);
        Assert.Equal("not-here", error.Trailers.GetValue(EchoService.DetailTrailer));
    }

    [Fact]
    public async Task Chat_BackendFailsAfterAReply_ReplyThenStatusAndTrailers()
    {
        await using var route = await GrpcRoute.StartAsync(output, "chatfail.grpc.test");

        using var call = route.Client.Chat(deadline: Deadline());
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" });
        Assert.True(await call.ResponseStream.MoveNext());
        var first = call.ResponseStream.Current.Text;
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "second", FailCode = (int)StatusCode.ResourceExhausted });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal("first", first);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("second", call.GetTrailers().GetValue(EchoService.DetailTrailer));
    }

    private static DateTime Deadline() => DateTime.UtcNow.Add(CallTimeout);

    private static ByteString Payload(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }
}
