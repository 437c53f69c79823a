using System.Text;
using Router.RouteServices;

namespace Router.Tests.RouteServices;

/// <summary>What <see cref="SignatureJson"/> writes into spans, as arrays and strings to compare in tests.</summary>
internal static class SignatureJsonText
{
    /// <summary><c>{"forwarded_url":"...","requested_time":"..."}</c> as a new UTF-8 array.</summary>
    public static byte[] WriteContents(SignatureContents contents)
    {
        var buffer = new byte[SignatureJson.MaxContentsLength(contents.ForwardedUrl.Length)];
        Assert.True(SignatureJson.TryWriteContents(contents.ForwardedUrl, contents.RequestedTime, buffer, out var written));
        return buffer[..written];
    }

    /// <summary>Go's <c>time.RFC3339Nano</c> in UTC, as a string.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[SignatureJson.MaxTimeLength];
        return Encoding.ASCII.GetString(text[..SignatureJson.FormatTime(time, text)]);
    }
}
