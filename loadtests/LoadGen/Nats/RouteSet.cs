using System.Globalization;

namespace LoadGen.Nats;

/// <summary>
/// The route names one <c>register</c> run keeps alive. Slot s carries route number s at first;
/// each churn replaces the numbers of the next share of slots (cycling through them) with fresh
/// ones, so the replaced routes stop receiving heartbeats and are left for the router to prune.
/// </summary>
internal sealed class RouteSet
{
    private readonly string template;
    private readonly long[] numbers;
    private readonly int churnPerPass;
    private long nextNumber;
    private int churnCursor;

    public RouteSet(string template, int routes, double churnFraction)
    {
        this.template = template;
        numbers = new long[routes];
        for (int slot = 0; slot < routes; slot++)
        {
            numbers[slot] = slot;
        }

        nextNumber = routes;
        churnPerPass = (int)Math.Round(routes * churnFraction);
    }

    /// <summary>Distinct route names used so far.</summary>
    public long Created => nextNumber;

    /// <summary>Route names replaced by churn and no longer refreshed.</summary>
    public long Abandoned => nextNumber - numbers.Length;

    /// <summary>The current name in <paramref name="slot"/>, e.g. <c>r17.loadtest</c>.</summary>
    public string Name(int slot) =>
        template.Replace("{i}", numbers[slot].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Gives the next <c>churn-fraction</c> of slots new route numbers.</summary>
    public void Churn()
    {
        for (int i = 0; i < churnPerPass; i++)
        {
            numbers[churnCursor] = nextNumber++;
            churnCursor = (churnCursor + 1) % numbers.Length;
        }
    }
}
