using System.Text;

namespace Router.Http;

/// <summary>
/// The router's <c>KestrelServerOptions.RequestHeaderEncodingSelector</c>: <see cref="ContentLengthEncoding"/> for
/// <c>Content-Length</c>, <see cref="FieldValueEncoding"/> for every other header. Each refusal is reported to the
/// callback given (the router counts it as a rejected request).
/// </summary>
internal sealed class RequestHeaderEncodings
{
    public RequestHeaderEncodings(Action refused)
    {
        var contentLength = new ContentLengthEncoding(refused);
        var fieldValue = new FieldValueEncoding(refused);
        Selector = name => string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase) ? contentLength : fieldValue;
    }

    /// <summary>Called by Kestrel with each header's name before it decodes the value.</summary>
    public Func<string, Encoding?> Selector { get; }
}
