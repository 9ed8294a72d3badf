using Tsdb.Storage.Tombstones;

namespace Tsdb.Storage.Tests.Tombstones;

public class IntervalsTests
{
    public static TheoryData<string, (long, long)[], (long, long), (long, long)[]> AddCases => new()
    {
        { "into empty", [], (1, 2), [(1, 2)] },
        { "disjoint before", [(10, 20)], (1, 5), [(1, 5), (10, 20)] },
        { "disjoint after", [(10, 20)], (30, 40), [(10, 20), (30, 40)] },
        { "overlapping merges", [(10, 20)], (15, 30), [(10, 30)] },
        { "adjacent merges", [(10, 20)], (21, 30), [(10, 30)] },
        { "adjacent before merges", [(10, 20)], (0, 9), [(0, 20)] },
        { "bridges two", [(0, 5), (10, 20), (40, 50)], (6, 39), [(0, 50)] },
        { "contained", [(0, 100)], (10, 20), [(0, 100)] },
        { "in the gap", [(0, 5), (40, 50)], (10, 20), [(0, 5), (10, 20), (40, 50)] },
        { "extremes", [(long.MinValue, 0)], (1, long.MaxValue), [(long.MinValue, long.MaxValue)] },
    };

    [Theory]
    [MemberData(nameof(AddCases))]
    public void Add_KeepsSortedDisjointMerged(string name, (long, long)[] existing, (long, long) add, (long, long)[] expected)
    {
        var result = Intervals.Add([.. existing.Select(e => new Interval(e.Item1, e.Item2))], new Interval(add.Item1, add.Item2));
        Assert.True(expected.Select(e => new Interval(e.Item1, e.Item2)).SequenceEqual(result), name + ": " + string.Join(",", result));
    }

    [Fact]
    public void ContainsAndCovers()
    {
        Interval[] ivs = [new(0, 5), new(10, 20)];
        Assert.True(Intervals.Contains(ivs, 0));
        Assert.True(Intervals.Contains(ivs, 20));
        Assert.False(Intervals.Contains(ivs, 7));
        Assert.False(Intervals.Contains(ivs, 21));
        Assert.True(Intervals.Covers(ivs, 11, 19));
        Assert.False(Intervals.Covers(ivs, 4, 11));
        Assert.True(Intervals.Overlaps(ivs, 4, 11));
        Assert.False(Intervals.Overlaps(ivs, 6, 9));
    }

    [Fact]
    public void TombstoneSet_RetainDropsRemovedSeriesAndOldIntervals()
    {
        var set = new TombstoneSet();
        set.Add(1, new Interval(0, 10));
        set.Add(1, new Interval(50, 60));
        set.Add(2, new Interval(0, 100));
        Assert.Equal(3, set.IntervalCount);
        set.Retain(r => r != 2, 20);
        Assert.Equal([new Interval(50, 60)], set.Get(1)!);
        Assert.Null(set.Get(2));
    }
}
