using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Reload;

/// <summary>A router started from a configuration file in a directory of its own, which a test rewrites and reloads.</summary>
internal sealed class ReloadFile : IAsyncDisposable
{
    private readonly string _directory;

    private ReloadFile(string directory, RouterTestEnvironment router)
    {
        _directory = directory;
        Router = router;
    }

    public RouterTestEnvironment Router { get; }

    public string Path => System.IO.Path.Combine(_directory, "router.yaml");

    public string Directory => _directory;

    public static async Task<ReloadFile> StartAsync(string extraYaml, ITestOutputHelper output)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "router-reload-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var router = await RouterTestEnvironment.StartAsync(extraYaml, output: output, configFile: System.IO.Path.Combine(directory, "router.yaml"));
        return new ReloadFile(directory, router);
    }

    /// <summary>Writes the start-up base configuration with <paramref name="extraYaml"/> after it, and reloads.</summary>
    public Task<Router.Configuration.Reload.ReloadResult> ReloadAsync(string extraYaml) => ReloadWholeAsync(Router.BaseYaml + extraYaml + "\n");

    /// <summary>Writes <paramref name="yaml"/> as the whole file, and reloads.</summary>
    public async Task<Router.Configuration.Reload.ReloadResult> ReloadWholeAsync(string yaml)
    {
        await File.WriteAllTextAsync(Path, yaml);
        return await Router.Reloader!.ReloadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Router.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
