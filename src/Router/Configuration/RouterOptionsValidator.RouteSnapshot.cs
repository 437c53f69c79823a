namespace Router.Configuration;

/// <summary>
/// <c>route_snapshot_file</c> must be a file the router can replace: it is saved by writing a temporary file beside it
/// and renaming it over the old one, so the directory must exist and be writable. A router that could not save would
/// lose the table at the next restart without anyone noticing, so this is checked once, at start-up.
/// </summary>
internal static partial class RouterOptionsValidator
{
    private static void ValidateRouteSnapshot(List<ConfigError> errors, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        const string Key = "route_snapshot_file";
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add(new ConfigError(Key, $"must be a file path, got {ConfigNode.Quote(path)}: {ex.Message}"));
            return;
        }

        if (Directory.Exists(fullPath))
        {
            errors.Add(new ConfigError(Key, $"must name a file, got the directory {ConfigNode.Quote(path)}"));
            return;
        }

        var directory = Path.GetDirectoryName(fullPath) ?? "/";
        if (!Directory.Exists(directory))
        {
            errors.Add(new ConfigError(Key, $"directory {ConfigNode.Quote(directory)} does not exist, got {ConfigNode.Quote(path)}"));
            return;
        }

        // The only reliable test of "writable" is to write: permissions, read-only mounts and ACLs all show here.
        var probe = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.probe");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(Key, $"directory {ConfigNode.Quote(directory)} is not writable ({ex.Message}), got {ConfigNode.Quote(path)}"));
        }
    }
}
