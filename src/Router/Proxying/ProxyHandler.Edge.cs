using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Router.Http;

namespace Router.Proxying;

/// <summary>The first gate: the request's own framing and size, before anything else reads it.</summary>
internal sealed partial class ProxyHandler
{
    /// <summary>The refusal for a request whose framing or size the router does not accept; null to go on.</summary>
    private ProxyError? CheckRequestEdge(HttpContext context)
    {
        switch (RequestFraming.Check(context.Request, context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget))
        {
            case FramingVerdict.BadRequest:
                return ProxyError.MalformedRequest;
            case FramingVerdict.UnsupportedTransferEncoding:
                return ProxyError.UnsupportedTransferEncoding;
            default:
                break;
        }

        var limit = Settings.SizeLimit;
        return limit.IsChecked && limit.IsExceeded(context) ? ProxyError.RequestHeadersTooLarge : null;
    }
}
