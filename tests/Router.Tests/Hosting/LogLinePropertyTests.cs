using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Logging;
using Router.Hosting;
using Router.Testing;

namespace Router.Tests.Hosting;

/// <summary>Any text from the network, in any log format, gives exactly one line.</summary>
public sealed class LogLinePropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Strings that lean on what can break a line: controls, Unicode line breaks, lone surrogates, anything.</summary>
    internal static readonly Gen<string> HostileText = Gen.OneOf(
            Gen.Char,
            Gen.Char['\0', '\u001f'],
            Gen.OneOf('\n', '\r', '\u0085', '\u2028', '\u2029', '\u007f', '\u009b', '\ud800', '\udc00', '\\', '"'))
        .Array[0, 60]
        .Select(chars => new string(chars));

    [Fact]
    public void Write_AnyBytes_NoLineBreakOrControlOut() =>
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var output = new ArrayBufferWriter<byte>();
            LogLineEscaping.Write(output, bytes);
            AssertNoLineBreak(output.WrittenSpan);
        }, iter: 20_000);

    [Fact]
    public void Write_TextWithoutControls_CopiedUnchanged() =>
        Gen.String.Sample(text =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (bytes.AsSpan().IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0 || bytes.Contains((byte)0x7f) || text.Any(c => c is >= '\u0080' and <= '\u009f' or '\u2028' or '\u2029'))
            {
                return;
            }

            var output = new ArrayBufferWriter<byte>();
            LogLineEscaping.Write(output, bytes);
            Assert.Equal(bytes, output.WrittenSpan.ToArray());
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Log_AnyNetworkText_OneLinePerEvent(bool json) =>
        Gen.Select(HostileText, HostileText).Sample((payload, uri) =>
        {
            using var output = new RecordingStream();
            using (var provider = new RouterLoggerProvider(
                new RouterConsoleFormatterOptions { Json = json }, output, ownsOutput: false, new ManualTimeProvider(Now)))
            {
                var logger = provider.CreateLogger("Router.Registration.MessageBusSubscriber");
                logger.LogWarning(new EventId(200, "validation-error"), "Dropped a message: {Error}; payload: {Payload}", uri, payload);
                logger.LogError(new EventId(201, "message-handling-failed"), new InvalidOperationException(payload), "Failed on {Subject}", uri);
            }

            var lines = output.FlushedText.Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.Equal(string.Empty, lines[2]);
            foreach (var line in lines[..2])
            {
                AssertNoLineBreak(Encoding.UTF8.GetBytes(line));
                if (json)
                {
                    using var parsed = JsonDocument.Parse(line);
                }
            }
        }, iter: 500);

    internal static void AssertNoLineBreak(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        foreach (var c in text)
        {
            Assert.False(char.IsControl(c) || c is '\u2028' or '\u2029', $"U+{(int)c:X4} in: {text}");
        }
    }
}
