using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Router.Dashboard;

/// <summary>
/// The page, its script and its style sheet, shipped inside the router as embedded resources and read once. Every
/// dashboard answer carries <see cref="ContentSecurityPolicy"/>: scripts, styles and connections from the router
/// only, no inline script, no frames.
/// </summary>
internal sealed class DashboardAssets
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly byte[] _page = Load("index.html");
    private readonly byte[] _script = Load("dashboard.js");
    private readonly byte[] _styles = Load("dashboard.css");

    /// <summary>The asset at <paramref name="path"/> and its content type, or null when there is none.</summary>
    public (byte[] Content, string ContentType)? Find(string path) => path switch
    {
        DashboardPaths.Root or DashboardPaths.Page => (_page, "text/html; charset=utf-8"),
        DashboardPaths.Script => (_script, "text/javascript; charset=utf-8"),
        DashboardPaths.Styles => (_styles, "text/css; charset=utf-8"),
        _ => null,
    };

    /// <summary>Headers every dashboard answer carries, data and assets alike.</summary>
    public static void AddSecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    public static Task WriteAsync(HttpContext context, byte[] content, string contentType)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        response.Headers[HeaderNames.CacheControl] = "no-cache";
        return response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Router.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
