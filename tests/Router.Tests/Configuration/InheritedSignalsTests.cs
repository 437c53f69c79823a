using Conventions;

namespace Router.Tests.Configuration;

public sealed class InheritedSignalsTests
{
    [Fact]
    public void ParseIgnoredMask_StatusText_ReadsTheSigIgnLine()
    {
        string[] status = ["Name:\tRouter", "SigBlk:\t0000000000000000", "SigIgn:\t0000000000001007", "SigCgt:\t00000003000246f8"];

        Assert.Equal(0x1007UL, InheritedSignals.ParseIgnoredMask(status));
    }

    [Theory]
    [InlineData("Name:\tRouter")]
    [InlineData("SigIgn:\tnot-hex")]
    public void ParseIgnoredMask_NoUsableLine_Null(string line) => Assert.Null(InheritedSignals.ParseIgnoredMask([line]));

    [Theory]
    [InlineData(0x1007UL, 1, true)] // SIGHUP, as under nohup
    [InlineData(0x1007UL, 2, true)] // SIGINT, as in a shell's background job
    [InlineData(0x1007UL, 10, false)]
    [InlineData(0x1007UL, 13, true)] // SIGPIPE, which the router leaves alone
    [InlineData(0x4000UL, 15, true)]
    [InlineData(ulong.MaxValue, 64, true)]
    [InlineData(ulong.MaxValue, 0, false)]
    [InlineData(ulong.MaxValue, 65, false)]
    public void IsIgnored_BitOfSignalNumberMinusOne(ulong mask, int signal, bool expected) =>
        Assert.Equal(expected, InheritedSignals.IsIgnored(mask, signal));

    [Fact]
    public void Signals_LinuxNumbers()
    {
        Assert.Equal((1, "SIGHUP"), InheritedSignals.Hangup);
        Assert.Equal((2, "SIGINT"), InheritedSignals.Interrupt);
        Assert.Equal((10, "SIGUSR1"), InheritedSignals.User1);
        Assert.Equal((15, "SIGTERM"), InheritedSignals.Terminate);
    }
}
