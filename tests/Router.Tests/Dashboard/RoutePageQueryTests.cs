using Microsoft.AspNetCore.Http;
using Router.Dashboard;

namespace Router.Tests.Dashboard;

public sealed class RoutePageQueryTests
{
    [Fact]
    public void TryParse_Nothing_FirstPageOfDefaultSize()
    {
        Assert.True(RoutePageQuery.TryParse(Request(""), out var query, out _));

        Assert.Equal(new RoutePageQuery("", 1, RoutePageQuery.DefaultSize), query);
    }

    [Fact]
    public void TryParse_MixedCaseSearch_LowerCasedAndTrimmed()
    {
        Assert.True(RoutePageQuery.TryParse(Request("?q=%20App.Example%20&page=2&size=10"), out var query, out _));

        Assert.Equal(new RoutePageQuery("app.example", 2, 10), query);
    }

    [Theory]
    [InlineData("?size=201", "size")]
    [InlineData("?size=-1", "size")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=1e3", "page")]
    [InlineData("?page=99999999999", "page")]
    public void TryParse_OutOfRange_FailsNamingTheParameter(string queryString, string parameter)
    {
        Assert.False(RoutePageQuery.TryParse(Request(queryString), out _, out var error));

        Assert.StartsWith(parameter + ":", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SearchOverLimit_Fails()
    {
        Assert.False(RoutePageQuery.TryParse(Request("?q=" + new string('x', RoutePageQuery.MaxSearchLength + 1)), out _, out var error));

        Assert.StartsWith("q:", error, StringComparison.Ordinal);
    }

    private static HttpRequest Request(string queryString)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(queryString);
        return context.Request;
    }
}
