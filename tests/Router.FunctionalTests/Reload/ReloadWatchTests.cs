using Router.Testing;
using Xunit.Abstractions;

namespace Router.FunctionalTests.Reload;

/// <summary><c>reload.watch_config_file</c>: a change of the file's content reloads it without a signal.</summary>
public sealed class ReloadWatchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WatchConfigFile_FileReplaced_ReloadedOnce()
    {
        await using var file = await ReloadFile.StartAsync("reload:\n  watch_config_file: true\nendpoint_timeout: 6s", output);
        var replacement = file.Path + ".new";

        // Written beside it and renamed over it, as editors and configuration tools do.
        await File.WriteAllTextAsync(replacement, file.Router.BaseYaml + "reload:\n  watch_config_file: true\nendpoint_timeout: 2s\n");
        File.Move(replacement, file.Path, overwrite: true);

        await Eventually.Until("the changed file reloaded", () => file.Router.Reloader!.Applied >= 1);

        Assert.Equal(TimeSpan.FromSeconds(2), file.Router.Host.Running.EndpointTimeout);
        Assert.Equal(1, file.Router.Reloader!.Applied);
    }
}
