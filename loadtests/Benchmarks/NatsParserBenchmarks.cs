using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Nats.Protocol;

namespace Benchmarks;

/// <summary>
/// Parsing the frames a router receives: a batch of <c>MSG</c> frames carrying registration messages, as they
/// arrive from nats-server in one socket read.
/// </summary>
[MemoryDiagnoser]
public class NatsParserBenchmarks
{
    private const int FramesPerBuffer = 100;
    private byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        const string Payload = """{"host":"10.0.1.11","port":61002,"uris":["app-00001.example.com"],"app":"5c1e6f3a-0000-4000-8000-000000000001","private_instance_id":"inst-00001","private_instance_index":"0","tags":{"component":"route-emitter"}}""";
        var frames = new StringBuilder();
        for (var i = 0; i < FramesPerBuffer; i++)
        {
            frames.Append("MSG router.register 1 ").Append(Encoding.UTF8.GetByteCount(Payload)).Append("\r\n").Append(Payload).Append("\r\n");
        }

        _buffer = Encoding.UTF8.GetBytes(frames.ToString());
    }

    /// <summary>Parses 100 MSG frames from one buffer; divide by 100 for the cost per message.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerBuffer)]
    public int ParseMessages()
    {
        var sequence = new ReadOnlySequence<byte>(_buffer);
        var count = 0;
        while (NatsProtocolParser.TryParse(ref sequence, out var op, out _) == ParseStatus.Parsed)
        {
            count += (int)op.Payload.Length > 0 ? 1 : 0;
        }

        return count;
    }
}
