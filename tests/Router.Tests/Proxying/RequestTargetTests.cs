using Router.Proxying;

namespace Router.Tests.Proxying;

public class RequestTargetTests
{
    [Fact]
    public void OriginForm_OriginFormTarget_ReturnsSameString()
    {
        var raw = "/a/%2F/b?q=1";

        Assert.Same(raw, RequestTarget.OriginForm(raw));
    }

    [Theory]
    [InlineData("http://app.test/a/b?x=1", "/a/b?x=1")]
    [InlineData("https://app.test:8443/", "/")]
    [InlineData("http://app.test", "/")]
    [InlineData("http://app.test?x=1", "/")]
    [InlineData("*", "/")]
    [InlineData("app.test:443", "/")]
    public void OriginForm_OtherForms_PathAndQueryOrRoot(string raw, string expected)
    {
        Assert.Equal(expected, RequestTarget.OriginForm(raw));
    }

    [Theory]
    [InlineData("/a/b?x=1", "/a/b")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/?", "/")]
    public void PathOf_OriginForm_StopsAtQuery(string target, string expected)
    {
        Assert.Equal(expected, RequestTarget.PathOf(target).ToString());
    }
}
