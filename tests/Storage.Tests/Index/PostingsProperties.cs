using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Tests.Index;

/// <summary>Some sorted, distinct reference sets.</summary>
public sealed class RefSets(ulong[][] sets)
{
    public ulong[][] Sets { get; } = sets;

    public override string ToString() => string.Join(" ", Sets.Select(s => "[" + string.Join(",", s) + "]"));
}

/// <summary>A sequence of Next (null) and Seek(v) calls.</summary>
public sealed class CursorOps((bool Seek, ulong V)[] ops)
{
    public (bool Seek, ulong V)[] Ops { get; } = ops;

    public override string ToString() =>
        string.Join(" ", Ops.Select(o => o.Seek ? string.Create(CultureInfo.InvariantCulture, $"S{o.V}") : "N"));
}

public static class PostingsGen
{
    // Mostly small, overlapping references; now and then the extremes.
    private static readonly Gen<ulong> Ref = Gen.Frequency(
        (20, Gen.Choose(0, 120).Select(i => (ulong)i)),
        (1, Gen.Elements(ulong.MaxValue, ulong.MaxValue - 1, 1UL << 40)));

    private static readonly Gen<ulong[]> Set = Gen.Sized(size =>
        Gen.Choose(0, Math.Max(0, size)).SelectMany(n => Gen.ArrayOf(Ref, n)))
        .Select(a => a.Distinct().Order().ToArray());

    public static Arbitrary<RefSets> RefSets() =>
        Arb.From(Gen.Choose(0, 6).SelectMany(k => Gen.ArrayOf(Set, k)).Select(s => new RefSets(s)));

    public static Arbitrary<CursorOps> CursorOps() =>
        Arb.From(Gen.Sized(size => Gen.Choose(0, Math.Max(1, size * 2)).SelectMany(n => Gen.ArrayOf(
            Gen.Frequency(
                (2, Gen.Constant((false, 0UL))),
                (1, Ref.Select(v => (true, v)))), n))).Select(o => new CursorOps(o)));
}

/// <summary>Intersect, Merge and Without against LINQ on sorted sets, driven by random Next/Seek calls.</summary>
[Properties(Arbitrary = [typeof(PostingsGen)])]
public class PostingsProperties
{
    private static IPostings[] Lists(RefSets s) => [.. s.Sets.Select(a => (IPostings)new ListPostings(a))];

    /// <summary>Replays ops on <paramref name="p"/> and on a cursor over <paramref name="expected"/>.</summary>
    private static void AssertBehavesLike(ulong[] expected, IPostings p, CursorOps ops)
    {
        var idx = -1; // -1 before the start, expected.Length when exhausted
        foreach (var (seek, v) in ops.Ops)
        {
            bool ok;
            if (seek)
            {
                ok = p.Seek(v);
                if (idx < expected.Length && (idx < 0 || expected[idx] < v))
                {
                    var from = Math.Max(idx, 0);
                    var j = Array.FindIndex(expected, from, x => x >= v);
                    idx = j < 0 ? expected.Length : j;
                }
            }
            else
            {
                ok = p.Next();
                idx = Math.Min(idx + 1, expected.Length);
            }

            Assert.Equal(idx < expected.Length, ok);
            if (ok)
            {
                Assert.Equal(expected[idx], p.At);
            }
        }

        // Whatever is left comes out in order.
        var rest = Postings.ToList(p);
        Assert.Equal(expected.Skip(Math.Min(idx + 1, expected.Length)), rest);
    }

    [Property]
    public void ListPostings_MatchesModel(RefSets s, CursorOps ops)
    {
        foreach (var set in s.Sets)
        {
            AssertBehavesLike(set, new ListPostings(set), ops);
        }
    }

    [Property]
    public void Intersect_MatchesLinq(RefSets s, CursorOps ops)
    {
        if (s.Sets.Length == 0)
        {
            Assert.Empty(Postings.ToList(Postings.Intersect()));
            return;
        }

        IEnumerable<ulong> expected = s.Sets[0];
        foreach (var set in s.Sets.Skip(1))
        {
            expected = expected.Intersect(set);
        }

        AssertBehavesLike([.. expected.Order()], Postings.Intersect(Lists(s)), ops);
    }

    [Property]
    public void Merge_MatchesLinq(RefSets s, CursorOps ops)
    {
        var expected = s.Sets.SelectMany(x => x).Distinct().Order().ToArray();
        AssertBehavesLike(expected, Postings.Merge(Lists(s)), ops);
    }

    [Property]
    public void Without_MatchesLinq(RefSets s, CursorOps ops)
    {
        if (s.Sets.Length < 2)
        {
            return;
        }

        var expected = s.Sets[0].Except(s.Sets[1]).Order().ToArray();
        AssertBehavesLike(expected, Postings.Without(new ListPostings(s.Sets[0]), new ListPostings(s.Sets[1])), ops);
    }

    [Property]
    public void NestedCombinators_MatchLinq(RefSets s, CursorOps ops)
    {
        // (A ∪ B) ∩ C \ D: combinators consume each other through the IPostings contract.
        var sets = s.Sets.Concat(Enumerable.Repeat(Array.Empty<ulong>(), 4)).Take(Math.Max(4, s.Sets.Length)).ToArray();
        var expected = sets[0].Union(sets[1]).Intersect(sets[2]).Except(sets[3]).Order().ToArray();
        var p = Postings.Without(
            Postings.Intersect(Postings.Merge([new ListPostings(sets[0]), new ListPostings(sets[1])]), new ListPostings(sets[2])),
            new ListPostings(sets[3]));
        AssertBehavesLike(expected, p, ops);
    }
}
