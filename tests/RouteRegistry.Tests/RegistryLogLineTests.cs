using System.Text;
using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>
/// The per-route log states write as UTF-8 exactly the text their <c>ToString</c> gives (what every logger but the
/// router's console one shows), in any destination large enough and in none smaller.
/// </summary>
public sealed class RegistryLogLineTests
{
    private const string RegisteredFormat =
        "endpoint-registered uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId} tls={Tls} action={Action}";

    private const string UnregisteredFormat =
        "endpoint-unregistered uri={Uri} backend={Backend} application_id={ApplicationId} instance_id={InstanceId}";

    public static TheoryData<string, string> InstanceIds => new()
    {
        { "3f1c2a9e-5b7d-4e21-9a0c-8d6f4b2e1a07", "3f1c2a9e-5b7d-4e21-9a0c-8d6f4b2e1a07" },
        { "3f1c2a9e-5b7d-4e21-9a0c-8d6f", "3f1c2a9e-5b7d-4e21-9a0c-8d6f" },
        { "instance-m\u00fcnchen-\ud83d\ude00", "instance-m\u00fcnchen-\ud83d\ude00" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(InstanceIds))]
    public void EndpointRegistered_AnyInstanceId_Utf8MatchesTheText(string instanceId, string shown)
    {
        var endpoint = RegisteredEndpoint("app.test", instanceId, tlsPort: 8443);
        var line = new EndpointLogLine("endpoint-registered", RegisteredFormat, "app.test", endpoint, "added");

        var expected =
            $"endpoint-registered uri=app.test backend=10.0.0.1:8443 application_id=app-\u00e9 instance_id={shown} tls=True action=added";
        Assert.Equal(expected, line.ToString());
        AssertWritesExactly(line, expected);
    }

    [Fact]
    public void EndpointUnregistered_NoAction_EndsAfterTheInstanceId()
    {
        var endpoint = RegisteredEndpoint("app.test", "i-1", tlsPort: 0);
        var line = new EndpointLogLine("endpoint-unregistered", UnregisteredFormat, "app.test/path", endpoint, action: null);

        const string Expected = "endpoint-unregistered uri=app.test/path backend=10.0.0.1:8080 application_id=app-\u00e9 instance_id=i-1";
        Assert.Equal(Expected, line.ToString());
        AssertWritesExactly(line, Expected);
        Assert.Equal(
            [("Uri", "app.test/path"), ("Backend", "10.0.0.1:8080"), ("ApplicationId", "app-\u00e9"), ("InstanceId", "i-1"), ("{OriginalFormat}", UnregisteredFormat)],
            Fields(line));
    }

    [Fact]
    public void EndpointRegistered_Fields_ListedAsTheGeneratedStateListedThem()
    {
        var endpoint = RegisteredEndpoint("app.test", "i-1", tlsPort: 0);
        var line = new EndpointLogLine("endpoint-registered", RegisteredFormat, "app.test", endpoint, "updated");

        Assert.Equal(
            [
                ("Uri", "app.test"), ("Backend", "10.0.0.1:8080"), ("ApplicationId", "app-\u00e9"), ("InstanceId", "i-1"),
                ("Tls", "False"), ("Action", "updated"), ("{OriginalFormat}", RegisteredFormat),
            ],
            Fields(line));
        Assert.Throws<ArgumentOutOfRangeException>(() => line[7]);
    }

    [Fact]
    public void RouteLine_LongUri_TextBeyondTheStackBufferStillWhole()
    {
        var uri = string.Concat(Enumerable.Repeat("\u00e9xample.", 200)) + "test";
        var line = new RouteLogLine("route-registered", "route-registered uri={Uri}", uri);

        Assert.Equal("route-registered uri=" + uri, line.ToString());
        AssertWritesExactly(line, "route-registered uri=" + uri);
        Assert.Equal([("Uri", uri), ("{OriginalFormat}", "route-registered uri={Uri}")], Fields(line));
    }

    private static Endpoint RegisteredEndpoint(string uri, string instanceId, int tlsPort)
    {
        var table = Table();
        var message = Message("10.0.0.1", 8080, uri);
        message.App = "app-\u00e9";
        message.PrivateInstanceId = instanceId;
        if (tlsPort > 0)
        {
            message.TlsPort = tlsPort;
        }

        table.Register(message);
        return table.LookupOrThrow(uri).Endpoints[0];
    }

    /// <summary>The bytes fit a destination of exactly their length, and every shorter one is refused.</summary>
    private static void AssertWritesExactly(RegistryLogLine line, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(expected);
        var destination = new byte[bytes.Length + 8];

        Assert.True(line.TryFormat(destination, out var written, default, null));
        Assert.Equal(bytes, destination[..written]);
        Assert.True(line.TryFormat(destination.AsSpan(0, bytes.Length), out written, default, null));
        Assert.Equal(bytes.Length, written);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(line.TryFormat(destination.AsSpan(0, length), out _, default, null), $"fits in {length} bytes");
        }
    }

    private static (string, string?)[] Fields(RegistryLogLine line) =>
        [.. line.Select(field => (field.Key, Convert.ToString(field.Value, System.Globalization.CultureInfo.InvariantCulture)))];
}
