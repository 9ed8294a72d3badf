using Tsdb.Storage.Blocks;

namespace Tsdb.Storage.Tests.Blocks;

/// <summary>Cases from Prometheus tsdb/compact_test.go TestLeveledCompactor_plan and friends.</summary>
public class CompactionPlannerTests
{
    private static readonly CompactionPlanner Planner = new([20, 60, 180, 540, 1620]);

    private static (string Name, BlockMeta Meta) M(string name, long mint, long maxt, bool failed = false) =>
        (name, new BlockMeta { Ulid = Ulid.New(), MinTime = mint, MaxTime = maxt, Compaction = new BlockCompaction { Failed = failed } });

    private static string[] Plan(CompactionPlanner planner, params (string Name, BlockMeta Meta)[] blocks)
    {
        var byUlid = blocks.ToDictionary(b => b.Meta.Ulid, b => b.Name);
        return [.. planner.Plan([.. blocks.Select(b => b.Meta)]).Select(m => byUlid[m.Ulid])];
    }

    public static TheoryData<string, (string Name, long Mint, long Maxt)[], string[]> Cases => new()
    {
        { "Outside range", [("1", 0, 20)], [] },
        { "Wait for four blocks of size 20", [("1", 0, 20), ("2", 20, 40)], [] },
        { "Three, but the fresh one from the WAL is ignored", [("1", 0, 20), ("2", 20, 40), ("3", 40, 60)], [] },
        { "Block to fill the entire parent range appeared", [("1", 0, 20), ("2", 20, 40), ("3", 40, 60), ("4", 60, 80)], ["1", "2", "3"] },
        { "Next parent range with a gap, fresh one ignored", [("1", 0, 20), ("2", 20, 40), ("3", 60, 80)], [] },
        { "Gap will never be filled: compact the two", [("1", 0, 20), ("2", 20, 40), ("3", 60, 80), ("4", 80, 100)], ["1", "2"] },
        { "20, 20, 20, 60, 60", [("1", 0, 20), ("2", 20, 40), ("3", 40, 60), ("4", 60, 120), ("5", 120, 180)], ["1", "2", "3"] },
        { "20, 60, 20, 60, 240: compact 20 + 60 + 60", [("2", 20, 40), ("4", 60, 120), ("5", 960, 980), ("6", 120, 180), ("7", 720, 960)], ["2", "4", "6"] },
        { "Newest is by max time, not ULID", [("5", 0, 360), ("6", 540, 560), ("7", 360, 420), ("8", 420, 540)], ["7", "8"] },
        { "Overlapping blocks 1", [("1", 0, 20), ("2", 19, 40), ("3", 40, 60)], ["1", "2"] },
        { "Overlapping blocks 2", [("1", 0, 20), ("2", 20, 40), ("3", 30, 50)], ["2", "3"] },
        { "Overlapping blocks 3", [("1", 0, 20), ("2", 10, 40), ("3", 30, 50)], ["1", "2", "3"] },
        { "Overlapping blocks 4", [("5", 0, 360), ("6", 340, 560), ("7", 360, 420), ("8", 420, 540)], ["5", "6", "7", "8"] },
        { "Overlapping blocks 5", [("1", 0, 10), ("2", 9, 20), ("3", 30, 40), ("4", 39, 50)], ["1", "2"] },
        { "Large block with tombstones is not rewritten (no tombstones here)", [("1", 0, 540), ("2", 540, 560)], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_MatchesPrometheus(string title, (string Name, long Mint, long Maxt)[] blocks, string[] expected)
    {
        Assert.NotNull(title);
        Assert.Equal(expected, Plan(Planner, [.. blocks.Select(b => M(b.Name, b.Mint, b.Maxt))]));
    }

    [Fact]
    public void Plan_SkipsWindowsWithAFailedCompaction()
    {
        var planner = new CompactionPlanner([20, 60, 240, 720, 2160]);
        Assert.Empty(Plan(planner, M("1", 0, 20), M("2", 20, 40, failed: true), M("3", 40, 60), M("4", 60, 80)));
        Assert.Empty(Plan(planner, M("1", 0, 20), M("2", 20, 40, failed: true), M("3", 60, 80), M("4", 80, 100)));
        Assert.Empty(Plan(planner, M("1", 0, 20), M("2", 20, 40, failed: true), M("3", 40, 60), M("4", 60, 120), M("5", 120, 180), M("6", 180, 200)));
    }

    [Fact]
    public void Plan_WithASingleRange_NeverCompacts()
    {
        var planner = new CompactionPlanner([20]);
        Assert.Empty(Plan(planner, M("1", 0, 20), M("2", 20, 40), M("3", 40, 60), M("4", 60, 80)));
    }

    [Fact]
    public void SplitByRange_GroupsOnlyBlocksCompletelyInsideAWindow()
    {
        // Prometheus's doc example: [0-10, 10-20, 50-60, 90-100] with range 30.
        var metas = new[] { (0L, 10L), (10, 20), (50, 60), (90, 100) }
            .Select(r => new BlockMeta { Ulid = Ulid.New(), MinTime = r.Item1, MaxTime = r.Item2 }).ToList();
        var split = CompactionPlanner.SplitByRange(metas, 30);
        Assert.Equal([[0L, 10], [50], [90]], split.Select(g => g.Select(m => m.MinTime).ToArray()));

        // A block straddling the window border, and negative times.
        var more = new[] { (-60L, -40L), (-40, -30), (-10, 10), (10, 20) }
            .Select(r => new BlockMeta { Ulid = Ulid.New(), MinTime = r.Item1, MaxTime = r.Item2 }).ToList();
        Assert.Equal([[-60L, -40], [10]], CompactionPlanner.SplitByRange(more, 30).Select(g => g.Select(m => m.MinTime).ToArray()));
    }

    [Fact]
    public void DefaultRanges_AreCappedAtTenPercentOfRetention()
    {
        const long h = 3_600_000;
        Assert.Equal([2 * h, 6 * h, 18 * h], CompactionPlanner.DefaultRanges(15 * 24 * h));
        Assert.Equal([2 * h], CompactionPlanner.DefaultRanges(24 * h));
        Assert.Equal([2 * h, 6 * h, 18 * h, 54 * h, 162 * h, 486 * h], CompactionPlanner.DefaultRanges(0));
        Assert.Equal([2 * h, 6 * h, 18 * h, 54 * h, 162 * h, 486 * h], CompactionPlanner.DefaultRanges(10 * 365 * 24 * h));
        Assert.Equal(10, CompactionPlanner.ExponentialBlockRanges(2 * h, 10, 3).Length);
    }
}
