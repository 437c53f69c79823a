using static Router.Tests.Configuration.ConfigTestHelpers;

namespace Router.Tests.Configuration;

public sealed class RouteSnapshotConfigTests
{
    [Fact]
    public void LoadFromYaml_Absent_SnapshotOff()
    {
        Assert.Equal("", Load("").Options.RouteSnapshotFile);
    }

    [Fact]
    public void LoadFromYaml_FileInWritableDirectory_Accepted()
    {
        var path = Path.Combine(Path.GetTempPath(), "routes.snapshot");

        var result = Load($"route_snapshot_file: {path}\n");

        Assert.Equal(path, result.Options.RouteSnapshotFile);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), ".routes.snapshot.*.probe"));
    }

    [Fact]
    public void LoadFromYaml_DirectoryMissing_ErrorNamesKey()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "routes.snapshot");

        var error = SingleErrorFor(Errors($"route_snapshot_file: {path}\n"), "route_snapshot_file");

        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromYaml_ParentIsAFile_ErrorNamesKey()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = SingleErrorFor(Errors($"route_snapshot_file: {file}/routes.snapshot\n"), "route_snapshot_file");

            Assert.Contains(file, error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void LoadFromYaml_PathIsADirectory_ErrorNamesKey()
    {
        var error = SingleErrorFor(Errors($"route_snapshot_file: {Path.GetTempPath()}\n"), "route_snapshot_file");

        Assert.Contains("must name a file", error, StringComparison.Ordinal);
    }
}
