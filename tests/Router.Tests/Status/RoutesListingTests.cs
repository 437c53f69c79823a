using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RouteRegistry;
using RouteMessages;
using Router.Status;
using Router.Testing;

namespace Router.Tests.Status;

/// <summary>How <c>/routes</c> sends a table too large to hold as one piece of JSON.</summary>
public sealed class RoutesListingTests
{
    [Fact]
    public async Task WriteRoutesAsync_TableOfManyFlushes_SentInBoundedPiecesThatMakeTheWholeTable()
    {
        const int Routes = 2_000;
        var table = new RouteTable(new RouteTableOptions(), new ManualTimeProvider(), NullLogger<RouteTable>.Instance);
        for (var i = 0; i < Routes; i++)
        {
            table.Register(new RegistrationMessage
            {
                Host = "10.0.0.1",
                Port = 8000 + i,
                Uris = [$"app{i:D4}.test"],
                App = "app-guid",
                PrivateInstanceId = $"{i:D8}-5b7d-4e21-9a0c-8d6f4b2e1a07",
            });
        }

        var body = new RecordingPipeWriter();
        await RoutesEndpoint.WriteRoutesAsync(body, table.Snapshot(), CancellationToken.None);

        // One route's JSON is far below the flush size, so no piece may exceed it by more than one route.
        Assert.True(body.Pieces.Count > 3, $"{body.Pieces.Count} pieces");
        Assert.All(body.Pieces, size => Assert.InRange(size, 1, RoutesEndpoint.FlushBytes + 1_024));

        using var json = JsonDocument.Parse(body.Written.WrittenMemory);
        var routes = json.RootElement.EnumerateObject().ToList();
        Assert.Equal(Routes, routes.Count);
        Assert.Equal(Enumerable.Range(0, Routes).Select(i => $"app{i:D4}.test"), routes.Select(route => route.Name));
        Assert.All(routes, route => Assert.Equal(
            $"10.0.0.1:{8000 + int.Parse(route.Name[3..7], System.Globalization.CultureInfo.InvariantCulture)}",
            Assert.Single(route.Value.EnumerateArray().ToList()).GetProperty("address").GetString()));
    }

    /// <summary>A pipe writer into memory that records how many bytes each flush sent.</summary>
    private sealed class RecordingPipeWriter : PipeWriter
    {
        private int _flushed;

        public ArrayBufferWriter<byte> Written { get; } = new();

        public List<int> Pieces { get; } = [];

        public override void Advance(int bytes) => Written.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => Written.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Written.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            if (Written.WrittenCount > _flushed)
            {
                Pieces.Add(Written.WrittenCount - _flushed);
                _flushed = Written.WrittenCount;
            }

            return ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));
        }

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}
