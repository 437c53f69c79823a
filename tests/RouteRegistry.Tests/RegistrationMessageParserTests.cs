using System.Text;
using RouteMessages;

namespace RouteRegistry.Tests;

/// <summary>Decoding rules of the registration and start messages (docs/gorouter-compatibility.md §1.3, §1.4).</summary>
public sealed class RegistrationMessageParserTests
{
    internal const string SpecExample = """
        {"host":"10.0.1.11","port":61002,"tls_port":61006,"protocol":"http1",
         "uris":["app.example.com","app.example.com/api"],"app":"<app-guid>",
         "private_instance_id":"<instance-guid>","private_instance_index":"0",
         "server_cert_domain_san":"<instance-guid>","isolation_segment":"",
         "stale_threshold_in_seconds":120,"endpoint_updated_at_ns":1714000000000000000,
         "tags":{"component":"route-emitter","process_id":"<guid>"},
         "availability_zone":"z1","options":{"loadbalancing":"least-connection"}}
        """;

    [Fact]
    public void TryParse_SpecExample_AllFieldsDecoded()
    {
        Assert.True(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(SpecExample), out var message, out var error), error);

        Assert.Equal("10.0.1.11", message.Host);
        Assert.Equal(61002, message.Port);
        Assert.Equal(61006, message.TlsPort);
        Assert.Equal(61006, message.EffectivePort);
        Assert.True(message.UsesTls);
        Assert.Equal("http1", message.Protocol);
        Assert.Equal(["app.example.com", "app.example.com/api"], message.Uris);
        Assert.Equal("<app-guid>", message.App);
        Assert.Equal("<instance-guid>", message.PrivateInstanceId);
        Assert.Equal("0", message.PrivateInstanceIndex);
        Assert.Equal("<instance-guid>", message.ServerCertDomainSan);
        Assert.Equal("", message.IsolationSegment);
        Assert.Equal(120, message.StaleThresholdInSeconds);
        Assert.Equal(1714000000000000000, message.EndpointUpdatedAtNs);
        Assert.Equal("route-emitter", message.Tags["component"]);
        Assert.Equal("<guid>", message.Tags["process_id"]);
        Assert.Equal("z1", message.AvailabilityZone);
        Assert.Equal("least-connection", message.Options.LoadBalancing);
        Assert.Equal("", message.RouteServiceUrl);
    }

    [Theory]
    [InlineData("""{"host":"h","port":1,"private_instance_index":0}""")]
    [InlineData("""{"host":"h","port":70000}""")]
    [InlineData("""{"host":"h","port":-1}""")]
    [InlineData("""{"host":"h","port":8080,"tls_port":65536}""")]
    [InlineData("""{"host":"h","port":"8080"}""")]
    [InlineData("""{"host":"h","port":80.5}""")]
    [InlineData("""{"host":1,"port":8080}""")]
    [InlineData("""{"host":"h","uris":"app.test"}""")]
    [InlineData("""{"host":"h","tags":{"component":1}}""")]
    [InlineData("""{"host":"h","stale_threshold_in_seconds":"120"}""")]
    [InlineData("""{"host":"h","options":"round-robin"}""")]
    [InlineData("""{"host":"h","route_service_url":"http://rs.test"}""")]
    [InlineData("""{"host":"h","route_service_url":"HTTPS://rs.test"}""")]
    [InlineData("""{"host":"h",""")]
    [InlineData("""{"host":"h"} trailing""")]
    [InlineData("garbage")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    public void TryParse_InvalidMessage_RejectedWithReason(string json)
    {
        Assert.False(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error));

        Assert.Null(message);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://rs.test")]
    [InlineData("httpsfoo")]
    public void TryParse_RouteServiceUrlEmptyOrHttpsPrefix_Accepted(string routeServiceUrl)
    {
        var json = $$"""{"host":"h","port":1,"route_service_url":"{{routeServiceUrl}}"}""";

        Assert.True(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out _));
        Assert.Equal(routeServiceUrl, message.RouteServiceUrl);
    }

    [Fact]
    public void TryParse_UnknownFieldsAndMixedCaseKeys_AcceptedLikeGo()
    {
        var json = """{"Host":"h","PORT":65535,"uris":["a.test"],"future_field":{"x":[1,2]},"router_group_guid":"g"}""";

        Assert.True(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error);
        Assert.Equal("h", message.Host);
        Assert.Equal(65535, message.Port);
    }

    [Fact]
    public void TryParse_NullsAndMissingFields_BecomeEmptyValues()
    {
        var json = """{"host":null,"uris":null,"tags":{"a":null},"options":null,"app":null}""";

        Assert.True(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error);
        Assert.Equal("", message.Host);
        Assert.Empty(message.Uris);
        Assert.Equal("", message.Tags["a"]);
        Assert.Equal("", message.Options.LoadBalancing);
        Assert.Equal("", message.App);
        Assert.Equal("", message.PrivateInstanceIndex);
    }

    [Fact]
    public void TryParse_EmptyObject_AcceptedAsNoOp()
    {
        Assert.True(RegistrationMessageParser.TryParse("{}"u8, out var message, out _));
        Assert.Empty(message.Uris);
        Assert.Equal(0, message.Port);
    }

    [Fact]
    public void Serialize_RegistrationMessage_RoundTripsWithWireNames()
    {
        Assert.True(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(SpecExample), out var original, out _));

        var bytes = RegistrationMessageParser.Serialize(original);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Contains("\"private_instance_index\":\"0\"", text, StringComparison.Ordinal);
        Assert.Contains("\"tls_port\":61006", text, StringComparison.Ordinal);
        Assert.Contains("\"options\":{\"loadbalancing\":\"least-connection\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("EffectivePort", text, StringComparison.Ordinal);
        Assert.True(RegistrationMessageParser.TryParse(bytes, out var copy, out _));
        Assert.Equal(original.Uris, copy.Uris);
        Assert.Equal(original.Tags, copy.Tags);
        Assert.Equal(original.EndpointUpdatedAtNs, copy.EndpointUpdatedAtNs);
    }

    [Fact]
    public void Serialize_StartMessage_UsesGorouterKeys()
    {
        var start = new RouterStartMessage
        {
            Id = "0-cbbd939c-682b-4731-5c0b-deba69e24555",
            Hosts = ["10.255.255.1"],
            MinimumRegisterIntervalInSeconds = 5,
            PruneThresholdInSeconds = 120,
        };

        var text = Encoding.UTF8.GetString(RegistrationMessageParser.Serialize(start));

        Assert.Equal(
            """{"id":"0-cbbd939c-682b-4731-5c0b-deba69e24555","hosts":["10.255.255.1"],"minimumRegisterIntervalInSeconds":5,"pruneThresholdInSeconds":120}""",
            text);
    }

    [Fact]
    public void TryParseStart_ObservedMessage_Decoded()
    {
        var json = """{"id":"0-cbbd939c-682b-4731-5c0b-deba69e24555","hosts":["10.255.255.1"],"minimumRegisterIntervalInSeconds":5,"pruneThresholdInSeconds":120}"""u8;

        Assert.True(RegistrationMessageParser.TryParseStart(json, out var start));
        Assert.Equal("0-cbbd939c-682b-4731-5c0b-deba69e24555", start.Id);
        Assert.Equal(["10.255.255.1"], start.Hosts);
        Assert.Equal(5, start.MinimumRegisterIntervalInSeconds);
        Assert.Equal(120, start.PruneThresholdInSeconds);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"minimumRegisterIntervalInSeconds":"5"}""")]
    public void TryParseStart_Invalid_ReturnsFalse(string json)
    {
        Assert.False(RegistrationMessageParser.TryParseStart(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void NatsSubjects_Values_MatchGorouter()
    {
        Assert.Equal("router.register", NatsSubjects.Register);
        Assert.Equal("router.unregister", NatsSubjects.Unregister);
        Assert.Equal("router.start", NatsSubjects.Start);
        Assert.Equal("router.greet", NatsSubjects.Greet);
        Assert.Equal("router.*", NatsSubjects.RouterWildcard);
    }

    [Theory]
    [InlineData("round-robin", true, LoadBalancingAlgorithm.RoundRobin)]
    [InlineData("least-connection", true, LoadBalancingAlgorithm.LeastConnection)]
    [InlineData("hash", true, LoadBalancingAlgorithm.Hash)]
    [InlineData("least-connections", false, LoadBalancingAlgorithm.RoundRobin)]
    [InlineData("Round-Robin", false, LoadBalancingAlgorithm.RoundRobin)]
    [InlineData("", false, LoadBalancingAlgorithm.RoundRobin)]
    [InlineData(null, false, LoadBalancingAlgorithm.RoundRobin)]
    public void LoadBalancingAlgorithms_TryParse_ExactNamesOnly(string? value, bool valid, LoadBalancingAlgorithm expected)
    {
        Assert.Equal(valid, LoadBalancingAlgorithms.TryParse(value, out var algorithm));
        Assert.Equal(expected, algorithm);
        if (valid)
        {
            Assert.Equal(value, LoadBalancingAlgorithms.ToConfigString(algorithm));
        }
    }

    [Fact]
    public void TryParse_HashOptions_Read()
    {
        var json = """{"uris":["a.test"],"options":{"loadbalancing":"hash","hash_header":"Tenant-Id","hash_balance":1.25}}""";

        Assert.True(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error);

        Assert.Equal("hash", message!.Options.LoadBalancing);
        Assert.Equal("Tenant-Id", message.Options.HashHeader);
        Assert.Equal(1.25, message.Options.HashBalance);
    }

    [Theory]
    [InlineData("""{"options":{"hash_balance":"1.5"}}""")]
    [InlineData("""{"options":{"hash_header":7}}""")]
    public void TryParse_HashOptionOfWrongType_Refused(string json)
    {
        // Go decodes hash_balance into a float64 and hash_header into a string; another type drops the message.
        Assert.False(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.NotNull(error);
    }
}
