using Router.ProcessTests.Infrastructure;

namespace Router.ProcessTests;

/// <summary>The command line: <c>--help</c> is an answer, a wrong argument is a usage error.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_Asked_ExitsZeroWithUsageOnStdout(string flag)
    {
        var (exitCode, stdout, stderr) = await RouterProcess.RunToExitAsync(flag);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("usage: Router [--config PATH]", stdout, StringComparison.Ordinal);
        Assert.Contains("--health-check URL", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task UnknownArgument_Given_ExitsTwoWithUsageOnStderr()
    {
        var (exitCode, stdout, stderr) = await RouterProcess.RunToExitAsync("--no-such-flag");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("usage: Router [--config PATH]", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }
}
