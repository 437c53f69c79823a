using System.Collections.Concurrent;
using System.Globalization;
using Xunit.Abstractions;

namespace Router.FunctionalTests.BackendTls;

/// <summary>Test output that also keeps every line, so a test can check what the router logged.</summary>
internal sealed class RecordingOutput(ITestOutputHelper inner) : ITestOutputHelper
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void WriteLine(string message)
    {
        Lines.Enqueue(message);
        inner.WriteLine(message);
    }

    public void WriteLine(string format, params object[] args) => WriteLine(string.Format(CultureInfo.InvariantCulture, format, args));
}
