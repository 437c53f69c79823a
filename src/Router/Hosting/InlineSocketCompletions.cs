namespace Router.Hosting;

/// <summary>
/// Runs socket completions, and Kestrel's processing of each request, on the runtime's socket event threads instead
/// of handing every completion to the thread pool. A proxy's request path is short and never blocks, so the hand-off
/// costs more than the work: each one is a thread wake-up, which at a steady moderate rate dominates the CPU spent
/// per request. The runtime reads its switch, <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, once, when the
/// first socket is created; an operator who sets the variable (to <c>0</c> to turn this off) is left alone.
/// </summary>
internal static class InlineSocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>True when the runtime runs socket completions inline in this process.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Turns inline completions on unless the variable is already set. Call before any socket exists.</summary>
    public static void EnableUnlessConfigured()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, "1");
        }
    }
}
