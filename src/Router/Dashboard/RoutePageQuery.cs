using Microsoft.AspNetCore.Http;

namespace Router.Dashboard;

/// <summary>
/// The parameters of <c>/dashboard/api/routes</c>: <c>q</c> (a substring of <c>host/path</c>, case-insensitive),
/// <c>page</c> (1-based) and <c>size</c>, each bounded so that no request makes the router scan or answer more than
/// it must.
/// </summary>
internal readonly record struct RoutePageQuery(string Search, int Page, int Size)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;
    public const int MaxSearchLength = 256;

    /// <summary>Longer query strings are refused with 414 before they are parsed.</summary>
    public const int MaxQueryStringLength = 1024;

    /// <summary>Parses the query; on failure <paramref name="error"/> names the parameter and its limit.</summary>
    public static bool TryParse(HttpRequest request, out RoutePageQuery query, out string error)
    {
        query = default;
        var search = request.Query["q"].ToString().Trim();
        if (search.Length > MaxSearchLength)
        {
            error = $"q: at most {MaxSearchLength} characters";
            return false;
        }

        if (!TryParseNumber(request.Query["page"].ToString(), 1, 1, int.MaxValue / MaxSize, out var page))
        {
            error = "page: a whole number from 1";
            return false;
        }

        if (!TryParseNumber(request.Query["size"].ToString(), DefaultSize, 1, MaxSize, out var size))
        {
            error = $"size: a whole number from 1 to {MaxSize}";
            return false;
        }

        // Keys are lower case, so one lower-cased copy of the search makes every comparison ordinal.
        query = new RoutePageQuery(search.ToLowerInvariant(), page, size);
        error = string.Empty;
        return true;
    }

    private static bool TryParseNumber(string text, int fallback, int min, int max, out int value)
    {
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}
