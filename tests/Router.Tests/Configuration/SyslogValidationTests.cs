using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public sealed class SyslogValidationTests
{
    private const string Streaming = "access_log:\n  enable_streaming: true\n";

    [Fact]
    public void LoadFromYaml_SyslogKeys_ReadWithoutWarnings()
    {
        var result = Load(Streaming + "logging:\n  syslog: vcap.gorouter\n  syslog_addr: \"[::1]:6514\"\n  syslog_network: tls\n  syslog_truncate: 2048\n");

        var syslog = result.Options.Syslog;
        Assert.Equal(("vcap.gorouter", "[::1]:6514", "tls", 2048), (syslog.Tag, syslog.Address, syslog.Network, syslog.Truncate));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("syslog", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFromYaml_SyslogNotSet_GorouterDefaults()
    {
        var syslog = Load(Streaming).Options.Syslog;

        Assert.Equal(("", "127.0.0.1:514", "udp", 0), (syslog.Tag, syslog.Address, syslog.Network, syslog.Truncate));
    }

    [Fact]
    public void LoadFromYaml_UnknownNetwork_ErrorNamesSyslogNetwork()
    {
        var error = SingleErrorFor(Errors(Streaming + "logging:\n  syslog_network: unix\n"), "logging.syslog_network");

        Assert.Contains("udp, udp4, udp6, tcp, tcp4, tcp6, tls", error, StringComparison.Ordinal);
        Assert.Contains("unix", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:0")]
    [InlineData("localhost:70000")]
    [InlineData(":514")]
    [InlineData("::1:514")]
    [InlineData("host name:514")]
    public void LoadFromYaml_BadAddress_ErrorNamesSyslogAddr(string address)
    {
        var error = SingleErrorFor(Errors(Streaming + $"logging:\n  syslog_addr: \"{address}\"\n"), "logging.syslog_addr");

        Assert.Contains("must be host:port", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_TagWithSpace_ErrorNamesSyslog() =>
        SingleErrorFor(Errors(Streaming + "logging:\n  syslog: \"my router\"\n"), "logging.syslog");

    [Fact]
    public void LoadFromYaml_BadSyslogKeysWithoutStreaming_NotChecked()
    {
        var options = Load("logging:\n  syslog_network: unix\n  syslog_addr: nowhere\n").Options;

        Assert.False(options.AccessLog.EnableStreaming);
    }
}
