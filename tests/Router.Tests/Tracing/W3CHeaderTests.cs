using Router.Tracing;

namespace Router.Tests.Tracing;

public class W3CHeaderTests
{
    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true)]
    [InlineData("  00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01 ", true)]
    [InlineData("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", true)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", false)]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false)]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", false)]
    [InlineData("00.4bf92f3577b34da6a3ce929d0e0e4736.00f067aa0ba902b7.01", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", false)]
    [InlineData("", false)]
    public void TryParse_Traceparent_ValidOnlyInTheW3CShape(string header, bool valid)
    {
        Assert.Equal(valid, TraceParent.TryParse(header, out _));
    }

    [Fact]
    public void ToString_Parsed_VersionZeroLowerCaseFlagsKept()
    {
        Assert.True(TraceParent.TryParse("01-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-03", out var parsed));

        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", parsed.ToString());
        Assert.True(parsed.Sampled);
    }

    [Theory]
    [InlineData("", "gorouter=00000000000000ab")]
    [InlineData("congo=t61rcWkgMzE", "gorouter=00000000000000ab,congo=t61rcWkgMzE")]
    [InlineData(" a=1 , gorouter=1, b=2,noequals,=empty-key", "gorouter=00000000000000ab,a=1,b=2,=empty-key")]
    [InlineData("t@gorouter=5,gorouter=6", "gorouter=00000000000000ab,t@gorouter=5")]
    public void Next_IncomingEntries_OwnEntryFirstOthersInOrder(string incoming, string expected)
    {
        Assert.Equal(expected, TraceState.Next("gorouter", 0xab, incoming));
    }

    [Fact]
    public void Next_IncomingLongerThanLimit_Discarded()
    {
        var incoming = "a=" + new string('x', TraceState.MaxIncomingLength);

        Assert.Equal("t@gorouter=0000000000000001", TraceState.Next("t@gorouter", 1, incoming));
    }

    [Theory]
    [InlineData(0x5c1e6f3a1b2c4d5eUL, 0x8f90a1b2c3d4e5f6UL, "5c1e6f3a-1b2c-4d5e-8f90-a1b2c3d4e5f6")]
    [InlineData(0x5c1e6f3a1b2c1d5eUL, 0x0UL, "5c1e6f3a-1b2c-1d5e-0000-000000000000")]
    public void RequestIdFor_VersionDigitOneToFive_TraceIdAsUuid(ulong high, ulong low, string expected)
    {
        Assert.Equal(expected, RequestTrace.RequestIdFor(high, low, () => throw new InvalidOperationException("no random id expected")));
    }

    [Theory]
    [InlineData(0x5c1e6f3a1b2c6d5eUL, 1UL)]
    [InlineData(0x5c1e6f3a1b2c0d5eUL, 1UL)]
    [InlineData(0UL, 0x8f90a1b2c3d4e5f6UL)]
    public void RequestIdFor_OtherTraceIds_FreshUuid(ulong high, ulong low)
    {
        var fresh = Guid.NewGuid();

        Assert.Equal(fresh.ToString(), RequestTrace.RequestIdFor(high, low, () => fresh));
    }
}
