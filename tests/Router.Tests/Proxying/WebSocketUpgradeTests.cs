using Microsoft.AspNetCore.Http;
using Router.Proxying;

namespace Router.Tests.Proxying;

public sealed class WebSocketUpgradeTests
{
    [Theory]
    [InlineData("websocket", "Upgrade")]
    [InlineData("WebSocket", "keep-alive, Upgrade")]
    [InlineData("websocket", "UPGRADE")]
    [InlineData("websocket", "keep-alive,upgrade")]
    public void IsRequested_UpgradeToWebSocket_True(string upgrade, string connection)
    {
        var context = Request(("Upgrade", upgrade), ("Connection", connection));

        Assert.True(WebSocketUpgrade.IsRequested(context));
    }

    [Theory]
    [InlineData("websocket", null)]
    [InlineData("websocket", "keep-alive")]
    [InlineData("h2c", "Upgrade")]
    [InlineData(null, "Upgrade")]
    public void IsRequested_NotAWebSocketUpgrade_False(string? upgrade, string? connection)
    {
        var context = Request(("Upgrade", upgrade), ("Connection", connection));

        Assert.False(WebSocketUpgrade.IsRequested(context));
    }

    [Fact]
    public void IsRequested_UpgradeInSecondConnectionHeader_True()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Upgrade = "websocket";
        context.Request.Headers.Connection = new Microsoft.Extensions.Primitives.StringValues(["keep-alive", "Upgrade"]);

        Assert.True(WebSocketUpgrade.IsRequested(context));
    }

    [Fact]
    public void IsRequested_FirstUpgradeValueDecides_AsGorouterDoes()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Upgrade = new Microsoft.Extensions.Primitives.StringValues(["h2c", "websocket"]);
        context.Request.Headers.Connection = "Upgrade";

        Assert.False(WebSocketUpgrade.IsRequested(context));
    }

    [Fact]
    public void IsRequested_PlainGet_False()
    {
        Assert.False(WebSocketUpgrade.IsRequested(new DefaultHttpContext()));
    }

    private static DefaultHttpContext Request(params (string Name, string? Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        foreach (var (name, value) in headers)
        {
            if (value is not null)
            {
                context.Request.Headers[name] = value;
            }
        }

        return context;
    }
}
