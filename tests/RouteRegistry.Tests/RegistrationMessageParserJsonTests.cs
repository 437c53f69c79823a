using System.Text;
using RouteMessages;

namespace RouteRegistry.Tests;

/// <summary>
/// JSON-level decoding rules of registration messages, as Go's encoding/json applies them to Gorouter's
/// RegistryMessage: key matching, duplicates, skipped values, nulls, number ranges, malformed input.
/// </summary>
public sealed class RegistrationMessageParserJsonTests
{
    [Fact]
    public void TryParse_EscapedPropertyNames_MatchedAfterUnescaping()
    {
        var json = """{"\u0068ost":"h","P\u004FRT":8080,"options":{"load\u0062alancing":"round-robin"}}""";

        var message = Parse(json);

        Assert.Equal("h", message.Host);
        Assert.Equal(8080, message.Port);
        Assert.Equal("round-robin", message.Options.LoadBalancing);
    }

    [Theory]
    [InlineData("""{"options":{"LoadBalancing":"least-connection"}}""")]
    [InlineData("""{"OPTIONS":{"LOADBALANCING":"least-connection"}}""")]
    [InlineData("""{"Options":{"other":{"x":1},"loadBalancing":"least-connection","more":[1]}}""")]
    public void TryParse_OptionsKeysInAnyCase_LoadBalancingRead(string json)
    {
        Assert.Equal("least-connection", Parse(json).Options.LoadBalancing);
    }

    [Fact]
    public void TryParse_DuplicateKeys_LastOneWins()
    {
        var json = """
            {"host":"a","HOST":"b","port":70000,"port":80,"uris":["x"],"uris":["y","z"],
             "tags":{"a":"1","a":"2"},"Tags":{"b":"3","b":"4"},
             "options":{"loadbalancing":"round-robin"},"options":{}}
            """;

        var message = Parse(json);

        Assert.Equal("b", message.Host);
        Assert.Equal(80, message.Port);
        Assert.Equal(["y", "z"], message.Uris);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "4" }, message.Tags);
        Assert.Equal("", message.Options.LoadBalancing);
    }

    [Fact]
    public void TryParse_NestedUnknownValues_Skipped()
    {
        var json = """
            {"future":{"a":[1,{"b":[true,null,"s",{"host":"inner"}]}],"c":{}},"more":[[],[{}],"x"],
             "host":"h","port":1,"options":{"unknown":{"loadbalancing":"inner"}},"after":null}
            """;

        var message = Parse(json);

        Assert.Equal("h", message.Host);
        Assert.Equal(1, message.Port);
        Assert.Equal("", message.Options.LoadBalancing);
    }

    [Fact]
    public void TryParse_DeeplyNestedUnknownValueWithinDepthLimit_Accepted()
    {
        // 64 levels in all, the reader's default limit: the message object and 63 arrays.
        var json = "{\"future\":" + new string('[', 63) + new string(']', 63) + ",\"host\":\"h\"}";

        Assert.Equal("h", Parse(json).Host);
    }

    [Fact]
    public void TryParse_NestingBeyondDepthLimit_Rejected()
    {
        var json = "{\"future\":" + new string('[', 64) + new string(']', 64) + "}";

        Assert.False(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Equal("invalid JSON", error);
    }

    [Fact]
    public void TryParse_NullUriElement_BecomesEmptyString()
    {
        Assert.Equal(["a", ""], Parse("""{"uris":["a",null]}""").Uris);
    }

    [Fact]
    public void TryParse_NullNumbers_BecomeZero()
    {
        var message = Parse("""{"port":null,"tls_port":null,"stale_threshold_in_seconds":null,"endpoint_updated_at_ns":null}""");

        Assert.Equal(0, message.Port);
        Assert.Equal(0, message.TlsPort);
        Assert.Equal(0, message.StaleThresholdInSeconds);
        Assert.Equal(0, message.EndpointUpdatedAtNs);
    }

    [Fact]
    public void TryParse_WhitespaceAroundAndInsideObject_Accepted()
    {
        var message = Parse(" \r\n\t{ \"host\" : \"h\" ,\n \"port\" : 1 , \"uris\" : [ \"a\" ] }\n\t ");

        Assert.Equal("h", message.Host);
        Assert.Equal(1, message.Port);
        Assert.Equal(["a"], message.Uris);
    }

    [Fact]
    public void TryParse_ManyUrisAndTags_AllKept()
    {
        var uris = Enumerable.Range(0, 40).Select(i => $"app{i}.test").ToArray();
        var json = "{\"uris\":[" + string.Join(",", uris.Select(u => $"\"{u}\"")) + "],\"tags\":{"
            + string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"k{i}\":\"v{i}\"")) + "}}";

        var message = Parse(json);

        Assert.Equal(uris, message.Uris);
        Assert.Equal(40, message.Tags.Count);
        Assert.Equal("v39", message.Tags["k39"]);
    }

    [Fact]
    public void TryParse_TagKeys_CaseSensitive()
    {
        var tags = Parse("""{"tags":{"Component":"a","component":"b"}}""").Tags;

        Assert.Equal("a", tags["Component"]);
        Assert.Equal("b", tags["component"]);
    }

    [Fact]
    public void TryParse_EscapedStrings_Unescaped()
    {
        var message = Parse("""{"host":"a\"b\\c\u00e9","uris":["x\/y"],"tags":{"k\u0041":"\ud83d\ude00"}}""");

        Assert.Equal("a\"b\\c\u00e9", message.Host);
        Assert.Equal(["x/y"], message.Uris);
        Assert.Equal("\ud83d\ude00", message.Tags["kA"]);
    }

    [Theory]
    [InlineData("""{"tags":{"a":true}}""", "invalid JSON or wrong type at $.tags")]
    [InlineData("""{"tags":{"a":{}}}""", "invalid JSON or wrong type at $.tags")]
    [InlineData("""{"tags":["a"]}""", "invalid JSON or wrong type at $.tags")]
    [InlineData("""{"uris":["a",1]}""", "invalid JSON or wrong type at $.uris")]
    [InlineData("""{"uris":[["a"]]}""", "invalid JSON or wrong type at $.uris")]
    [InlineData("""{"port":2147483648}""", "invalid JSON or wrong type at $.port")]
    [InlineData("""{"tls_port":-2147483649}""", "invalid JSON or wrong type at $.tls_port")]
    [InlineData("""{"port":1e3}""", "invalid JSON or wrong type at $.port")]
    [InlineData("""{"port":true}""", "invalid JSON or wrong type at $.port")]
    [InlineData("""{"stale_threshold_in_seconds":9223372036854775808}""", "invalid JSON or wrong type at $.stale_threshold_in_seconds")]
    [InlineData("""{"endpoint_updated_at_ns":1.5}""", "invalid JSON or wrong type at $.endpoint_updated_at_ns")]
    [InlineData("""{"options":{"loadbalancing":1}}""", "invalid JSON or wrong type at $.options")]
    [InlineData("""{"private_instance_index":0}""", "invalid JSON or wrong type at $.private_instance_index")]
    [InlineData("""{"app":false}""", "invalid JSON or wrong type at $.app")]
    [InlineData("""{"host":"\ud800"}""", "invalid JSON or wrong type at $.host")]
    [InlineData("""{"port":65536}""", "port out of range 0-65535")]
    [InlineData("""{"tls_port":-1}""", "tls_port out of range 0-65535")]
    [InlineData("""{"route_service_url":"http://rs.test"}""", "route_service_url must be empty or start with https")]
    [InlineData("null", "message is null")]
    [InlineData(" null ", "message is null")]
    [InlineData("null x", "invalid JSON")]
    [InlineData("""{"host":"h"}{}""", "invalid JSON")]
    [InlineData("""{"host":"h",}""", "invalid JSON")]
    [InlineData("""{"host":"h"/*c*/}""", "invalid JSON")]
    [InlineData("""{"future":[1,]}""", "invalid JSON")]
    [InlineData(" ", "invalid JSON")]
    [InlineData("\"s\"", "invalid JSON")]
    public void TryParse_WrongTypeOrMalformed_RejectedWithReason(string json, string expected)
    {
        Assert.False(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error));

        Assert.Null(message);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("""{"tags":{"a":"1\""", "$.tags")]
    [InlineData("""{"tags":{"a":""", "$.tags")]
    [InlineData("""{"tags":{"a""", "$.tags")]
    [InlineData("""{"uris":["a""", "$.uris")]
    [InlineData("""{"uris":["a",""", "$.uris")]
    [InlineData("""{"options":{"loadbalancing":""", "$.options")]
    [InlineData("""{"host":"h""", "$.host")]
    [InlineData("""{"host":"h","port":1""", "$.port")]
    public void TryParse_TruncatedInsideField_RejectedNamingTheField(string json, string path)
    {
        Assert.False(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));

        Assert.Equal("invalid JSON or wrong type at " + path, error);
    }

    [Theory]
    [InlineData("""{"host":"h",""")]
    [InlineData("""{"future":{"a":[1,2""")]
    [InlineData("{")]
    public void TryParse_TruncatedBetweenFields_RejectedAsInvalidJson(string json)
    {
        Assert.False(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));

        Assert.Equal("invalid JSON", error);
    }

    [Fact]
    public void TryParse_InvalidUtf8InUnknownKey_KeyIgnored()
    {
        byte[] json = [.. "{\"ho"u8, 0xFF, .. "st\":1,\"host\":\"h\"}"u8];

        Assert.True(RegistrationMessageParser.TryParse(json, out var message, out var error), error);
        Assert.Equal("h", message.Host);
    }

    [Fact]
    public void TryParse_InvalidUtf8InStringValue_Rejected()
    {
        byte[] json = [.. "{\"host\":\"h"u8, 0xFF, .. "\"}"u8];

        Assert.False(RegistrationMessageParser.TryParse(json, out _, out var error));
        Assert.Equal("invalid JSON or wrong type at $.host", error);
    }

    [Fact]
    public void TryParse_SpecExample_AllocatesLittleMoreThanTheMessage()
    {
        var json = Encoding.UTF8.GetBytes(RegistrationMessageParserTests.SpecExample);
        Assert.True(RegistrationMessageParser.TryParse(json, out _, out _));

        var parsed = false;
        var allocated = Allocations.Measure(() => parsed = RegistrationMessageParser.TryParse(json, out _, out _));

        Assert.True(parsed);

        // The message object, its distinct strings, the uris list and the tags dictionary: 784 bytes here, where
        // JsonSerializer allocated about 1.9 KB.
        Assert.InRange(allocated, 1, 1_200);
    }

    private static RegistrationMessage Parse(string json)
    {
        Assert.True(RegistrationMessageParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error);
        return message;
    }
}
