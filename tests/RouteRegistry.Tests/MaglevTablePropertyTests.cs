using CsCheck;
using RouteRegistry.LoadBalancing;
using static RouteRegistry.Tests.TestRoutes;

namespace RouteRegistry.Tests;

/// <summary>The consistent-hashing table of hash routes: even shares, and few keys move when the endpoints change.</summary>
public sealed class MaglevTablePropertyTests
{
    private static readonly Gen<(int Count, string Prefix)> Routes = Gen.Select(Gen.Int[2, 24], Gen.String[Gen.Char.AlphaNumeric, 1, 8]);

    [Fact]
    public void Build_AnyEndpoints_SharesDifferByAtMostOneSlot() =>
        Routes.Sample(route =>
        {
            var table = MaglevTable.Build(Endpoints(route.Count, route.Prefix))!;
            var shares = Enumerable.Range(0, MaglevTable.Size).GroupBy(slot => table[slot]).Select(g => g.Count()).ToList();
            return shares.Count == route.Count && shares.Max() - shares.Min() <= 1;
        }, iter: 100);

    [Fact]
    public void Build_OneEndpointAdded_MovesAboutOneNthOfTheSlots() =>
        Routes.Sample(route =>
        {
            var endpoints = Endpoints(route.Count + 1, route.Prefix);
            var before = MaglevTable.Build(endpoints.AsSpan(0, route.Count))!;
            var after = MaglevTable.Build(endpoints)!;
            var added = endpoints[^1];

            var moved = Enumerable.Range(0, MaglevTable.Size).Count(slot => !ReferenceEquals(before[slot], after[slot]));
            var movedElsewhere = Enumerable.Range(0, MaglevTable.Size)
                .Count(slot => !ReferenceEquals(before[slot], after[slot]) && !ReferenceEquals(after[slot], added));

            // The new endpoint's fair share is Size / (N + 1) slots and all of them must move; Maglev moves some more
            // between the old endpoints, far from the reshuffle a modulo hash would cause (N / (N + 1) of all keys,
            // N shares). Over 30,000 random inputs of this generator the most was 3.15 shares moved in all and 2.14
            // between old endpoints, and 9 inputs moved more than 2.5 and 1.5 shares (the bounds this test had,
            // which then failed about one run in thirty); the bounds leave room above the largest seen.
            var fairShare = (double)MaglevTable.Size / (route.Count + 1);
            return moved >= fairShare - 1 && moved <= 4 * fairShare && movedElsewhere <= 3 * fairShare;
        }, iter: 100);

    [Fact]
    public void Build_OneEndpointRemoved_OthersKeepAllButAShare() =>
        Routes.Sample(route =>
        {
            var endpoints = Endpoints(route.Count + 1, route.Prefix);
            var before = MaglevTable.Build(endpoints)!;
            var removed = endpoints[route.Count / 2];
            var after = MaglevTable.Build(endpoints.Where(e => !ReferenceEquals(e, removed)).ToArray())!;

            // Removing is adding in reverse: the same bound as for the slots moved between old endpoints above.
            var fairShare = (double)MaglevTable.Size / (route.Count + 1);
            var movedOthers = Enumerable.Range(0, MaglevTable.Size)
                .Count(slot => !ReferenceEquals(before[slot], removed) && !ReferenceEquals(before[slot], after[slot]));
            return movedOthers <= 3 * fairShare;
        }, iter: 100);

    [Fact]
    public void SlotOf_HugeKey_InRange()
    {
        var key = new string('k', 1_000_000);

        Assert.InRange(MaglevTable.SlotOf(key), 0, MaglevTable.Size - 1);
        Assert.Equal(MaglevTable.SlotOf(key), MaglevTable.SlotOf(key));
    }

    [Fact]
    public void Fnv1a_KnownVectors_MatchGoHashFnv()
    {
        // Values of Go's hash/fnv New64a, so that a header value lands on the same slot as in Gorouter.
        Assert.Equal(0xcbf29ce484222325UL, Fnv1a.Hash(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, Fnv1a.Hash("a"));
        Assert.Equal(0x85944171f73967e8UL, Fnv1a.Hash("foobar"));
    }

    [Fact]
    public void Fnv1a_NonAscii_HashesUtf8Bytes()
    {
        var expected = 0xcbf29ce484222325UL;
        foreach (var b in "é😀"u8)
        {
            expected = (expected ^ b) * 1099511628211UL;
        }

        Assert.Equal(expected, Fnv1a.Hash("é😀"));
    }

    private static Endpoint[] Endpoints(int count, string prefix)
    {
        var table = Table();
        for (var i = 0; i < count; i++)
        {
            var message = Message("10.0." + (i / 250) + "." + ((i % 250) + 1), 8080, "app.test");
            message.PrivateInstanceId = prefix + "-instance-" + i;
            table.Register(message);
        }

        return table.LookupOrThrow("app.test").Endpoints.ToArray();
    }
}
