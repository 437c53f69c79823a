using System.Buffers;
using System.Text;
using Router.AccessLog;
using Router.Configuration;

namespace Router.Tests.AccessLog;

public sealed class SyslogMessageBuilderTests
{
    private static readonly DateTime Now = new DateTime(2026, 12, 7, 2, 4, 20, DateTimeKind.Utc).AddTicks(1234567);

    [Fact]
    public void Write_LineWithoutApp_GorouterHeaderNilStructuredDataAndByteOrderMark()
    {
        var message = Build(new SyslogOptions { Tag = "vcap.gorouter" }, "host - [t] \"GET / HTTP/1.1\" 404", appId: null);

        Assert.Equal("<14>1 2026-12-07T02:04:20.123456Z router-vm vcap.gorouter 4242 - - \uFEFFhost - [t] \"GET / HTTP/1.1\" 404", message);
    }

    [Fact]
    public void Write_LineForAnApp_TagsStructuredDataWithAppRouterIndexAndEndpointTags()
    {
        var tags = new Dictionary<string, string> { ["component"] = "route-emitter", ["process_type"] = "web" };

        var message = Build(new SyslogOptions { Tag = "vcap.gorouter" }, "line", "app-guid", tags, routerIndex: 3);

        Assert.Equal(
            "<14>1 2026-12-07T02:04:20.123456Z router-vm vcap.gorouter 4242 - " +
            "[tags@47450 app_id=\"app-guid\" instance_id=\"3\" origin=\"gorouter\" source_type=\"RTR\" component=\"route-emitter\" process_type=\"web\"] \uFEFFline",
            message);
    }

    [Fact]
    public void Write_TagValuesWithQuoteBackslashAndBracket_EscapedAsRfc5424Requires()
    {
        var tags = new Dictionary<string, string> { ["name"] = "a\"b\\c]d é" };

        var message = Build(new SyslogOptions(), "line", "app", tags);

        Assert.Contains(" name=\"a\\\"b\\\\c\\]d é\"]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_TagNamesNotAllowedOrFixed_LeftOut()
    {
        var tags = new Dictionary<string, string>
        {
            ["has space"] = "x", ["a=b"] = "x", [new string('n', 33)] = "x", ["source_type"] = "APP", ["app_id"] = "other", ["ok"] = "y",
        };

        var message = Build(new SyslogOptions(), "line", "app", tags);

        Assert.Contains("[tags@47450 app_id=\"app\" instance_id=\"0\" origin=\"gorouter\" source_type=\"RTR\" ok=\"y\"] ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoTagAndOddHostName_NilAppNameAndDashes()
    {
        var message = Build(new SyslogOptions(), "line", appId: null, hostName: "bad host\u00e9");

        Assert.StartsWith("<14>1 2026-12-07T02:04:20.123456Z bad-host- - 4242 - - ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SyslogTruncate_CutsTheLineWithoutSplittingACharacter()
    {
        var message = Build(new SyslogOptions { Truncate = 5 }, "abcdé-rest", appId: null);

        Assert.EndsWith("\uFEFFabcd", message, StringComparison.Ordinal);
    }

    private static string Build(
        SyslogOptions options, string line, string? appId, IReadOnlyDictionary<string, string>? tags = null, int routerIndex = 0,
        string hostName = "router-vm")
    {
        var builder = new SyslogMessageBuilder(options, routerIndex, hostName, 4242);
        var output = new ArrayBufferWriter<byte>();
        builder.Write(output, Now, Encoding.UTF8.GetBytes(line), appId, tags);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
