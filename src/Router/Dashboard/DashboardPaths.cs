namespace Router.Dashboard;

/// <summary>The dashboard's addresses on the <c>/routes</c> listener (docs/dashboard.md).</summary>
internal static class DashboardPaths
{
    public const string Root = "/dashboard";
    public const string Page = "/dashboard/";
    public const string Script = "/dashboard/dashboard.js";
    public const string Styles = "/dashboard/dashboard.css";
    public const string RoutesApi = "/dashboard/api/routes";
    public const string Events = "/dashboard/events";

    /// <summary>True for any path the dashboard answers (a 404 from it for an unknown one below <see cref="Root"/>).</summary>
    public static bool IsDashboard(string path) =>
        path == Root || path.StartsWith(Page, StringComparison.Ordinal);
}
