using Router.Proxying;

namespace Router.Tests.Proxying;

public sealed class InstanceHeadersTests
{
    private const string Guid = "0a1b2c3d-0000-4000-8000-00000000abcd";

    [Theory]
    [InlineData(Guid + ":0", "0")]
    [InlineData(Guid + ":12", "12")]
    [InlineData(Guid + ":007", "007")]
    public void AppInstance_GuidColonIndex_Parsed(string value, string index)
    {
        Assert.True(InstanceHeaders.TryParseAppInstance(value, out var guid, out var parsedIndex));
        Assert.Equal(Guid, guid.ToString());
        Assert.Equal(index, parsedIndex.ToString());
    }

    [Theory]
    [InlineData(Guid)]
    [InlineData(Guid + ":")]
    [InlineData(Guid + ":-1")]
    [InlineData(Guid + ":1 ")]
    [InlineData("0A1B2C3D-0000-4000-8000-00000000ABCD:1")]
    [InlineData("0a1b2c3d_0000-4000-8000-00000000abcd:1")]
    [InlineData("")]
    public void AppInstance_Malformed_Refused(string value) => Assert.False(InstanceHeaders.TryParseAppInstance(value, out _, out _));

    [Theory]
    [InlineData(Guid, "")]
    [InlineData(Guid + ":3", "3")]
    public void ProcessInstance_GuidWithOptionalIndex_Parsed(string value, string index)
    {
        Assert.True(InstanceHeaders.TryParseProcessInstance(value, out var guid, out var parsedIndex));
        Assert.Equal(Guid, guid.ToString());
        Assert.Equal(index, parsedIndex.ToString());
    }

    [Theory]
    [InlineData(Guid + ":")]
    [InlineData(Guid + ":x")]
    [InlineData(Guid + ":1:2")]
    [InlineData(Guid + "0")]
    [InlineData("0a1b2c3d-0000-4000-8000-00000000abc")]
    [InlineData("")]
    public void ProcessInstance_Malformed_Refused(string value) => Assert.False(InstanceHeaders.TryParseProcessInstance(value, out _, out _));
}
