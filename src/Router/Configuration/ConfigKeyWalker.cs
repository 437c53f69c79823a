namespace Router.Configuration;

/// <summary>
/// After mapping, walks the tree once and warns about every present key that was not read: each
/// unsupported Gorouter key by name, and each key nobody knows as unknown (a typo is then visible,
/// but never fatal, matching Gorouter, whose YAML reader ignores unknown keys).
/// </summary>
internal static class ConfigKeyWalker
{
    public static void WarnAboutUnreadKeys(ConfigNode root, ConfigBinder binder, List<string> warnings)
    {
        var readPrefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in binder.ReadKeys)
        {
            for (var dot = key.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = key.IndexOf('.', dot + 1))
            {
                readPrefixes.Add(key[..dot]);
            }
        }

        Walk(root, "", binder.ReadKeys, readPrefixes, warnings);
    }

    private static void Walk(ConfigNode mapping, string prefix, HashSet<string> read, HashSet<string> readPrefixes, List<string> warnings)
    {
        foreach (var (key, child) in mapping.Children)
        {
            var path = prefix + key;
            if (read.Contains(path) || ConfigKeyCatalog.IgnoredByGorouter.Contains(path))
            {
                continue;
            }

            if (ConfigKeyCatalog.Unsupported.Contains(path))
            {
                warnings.Add($"{path}: not supported by this router yet; ignored ({child.KeyOrigin})");
            }
            else if (readPrefixes.Contains(path))
            {
                // A section such as "status": its own keys are checked one by one. A section given
                // as something other than a mapping was already reported as an error.
                if (child.Kind == ConfigNodeKind.Mapping)
                {
                    Walk(child, path + ".", read, readPrefixes, warnings);
                }
            }
            else
            {
                warnings.Add($"{path}: unknown key; ignored ({child.KeyOrigin})");
            }
        }
    }
}
