using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Router.GrpcTesting;

/// <summary>The test service: echoes, streams, waits for its deadline or fails with a chosen status on request.</summary>
public sealed class EchoService(EchoCalls calls) : Echo.EchoBase
{
    /// <summary>Name of the trailer a failing call adds.</summary>
    public const string DetailTrailer = "x-detail";

    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        await ActAsync(request, context);
        return Reply(request, context);
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        await ActAsync(request, context);
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(Reply(request, context, $"{request.Text} {i}"), context.CancellationToken);
        }
    }

    public override async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await ActAsync(request, context);
            await responseStream.WriteAsync(Reply(request, context), context.CancellationToken);
        }
    }

    private static EchoReply Reply(EchoRequest request, ServerCallContext context, string? text = null) => new()
    {
        Text = text ?? request.Text,
        Payload = request.Payload,
        Protocol = context.GetHttpContext().Request.Protocol,
    };

    private async Task ActAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.FailCode != 0)
        {
            throw new RpcException(
                new Status((StatusCode)request.FailCode, $"failed as asked: {request.Text}"),
                new Metadata { { DetailTrailer, request.Text } });
        }

        if (request.WaitForCancel)
        {
            calls.Waiting(context.Deadline);
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                calls.Cancelled();
                throw;
            }
        }
    }
}
