using Tsdb.Storage.Tests.Model;

namespace Tsdb.Storage.Tests.Regression;

public class HeadTests
{
    // These two collided under the old separator-based hash (both fed XxHash3 61 00 FF 62 00 FF FF 63 FF
    // 64 00 FF). Length prefixes separate them now, so the collision is forced to test the chain.
    private static readonly Labels NaturalA = Labels.FromStrings("a", "b", "\u63FF", "d");
    private static readonly Labels NaturalB = Labels.FromStrings("a\u62FF\uFF00", "\uFF63d");
    private static readonly Labels A = Labels.WithHashForTesting(NaturalA, 42);
    private static readonly Labels B = Labels.WithHashForTesting(NaturalB, 42);

    [Fact]
    public void ConstructedCollision_NoLongerCollides()
    {
        Assert.NotEqual(NaturalA.Hash, NaturalB.Hash);
    }

    [Fact]
    public void CollidingLabelSets_AreDistinctSeries_AndSurviveGcOfEitherOne()
    {
        Assert.Equal(A.Hash, B.Hash);
        Assert.NotEqual(A, B);
        using var head = new Storage.Head(new HeadOptions { ChunkRange = 1000 });
        var app = head.Appender();
        var ra = app.Append(0, A, 10, 1);
        var rb = app.Append(0, B, 2000, 2);
        Assert.Equal(2, app.Commit().Appended);
        Assert.NotEqual(ra, rb);
        Assert.Equal(2, head.NumSeries);

        Assert.Equal(1, head.Truncate(1000));       // A has nothing left: GC'd, B stays in the chain
        Assert.Same(head.SeriesByRef(rb), head.SeriesByLabels(B));
        Assert.Null(head.SeriesByLabels(A));

        Assert.Equal(rb, app.Append(0, B, 2001, 3)); // found, not re-created
        var ra2 = app.Append(0, A, 2002, 4);           // re-created with a fresh ref
        Assert.Equal(2, app.Commit().Appended);
        Assert.True(ra2 > rb);
        Assert.Equal(2, head.NumSeries);

        Assert.Equal(1, head.Truncate(2002));       // now B (older in the chain) goes
        Assert.Same(head.SeriesByRef(ra2), head.SeriesByLabels(A));
        Assert.Null(head.SeriesByLabels(B));
    }
}
