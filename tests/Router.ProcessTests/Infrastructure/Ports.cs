using Router.Testing;

namespace Router.ProcessTests.Infrastructure;

/// <summary>
/// Free loopback ports, never the same one twice in this test run: the kernel may hand a just-released port out
/// again at once, and two listeners of one router on the same port would fail its start.
/// </summary>
public static class Ports
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = FreePort.Next();
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
