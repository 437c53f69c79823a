using System.Text.RegularExpressions;
using Router.Proxying;

namespace Router.Tests.Proxying;

public sealed partial class RequestIdsTests
{
    [Fact]
    public void Next_ManyBatches_LowerCaseVersion4UuidsAllDifferent()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var id = RequestIds.Next();
            Assert.Matches(Version4(), id);
            Assert.True(seen.Add(id), $"{id} came twice");
        }
    }

    [Fact]
    public async Task Next_FromManyThreads_AllDifferent()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 2_000).Select(_ => RequestIds.Next()).ToList())));

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Version4();
}
