using Tsdb.Storage.Index;

namespace Tsdb.Storage.Tests.Index;

public class PostingsTests
{
    private static IPostings L(params ulong[] refs) => new ListPostings(refs);

    private static List<ulong> All(IPostings p) => Postings.ToList(p);

    [Fact]
    public void ListPostings_NextAndSeek()
    {
        var p = L(2, 4, 6, 8, 10);
        Assert.True(p.Seek(5));
        Assert.Equal(6UL, p.At);
        Assert.True(p.Seek(3)); // already past: stays
        Assert.Equal(6UL, p.At);
        Assert.True(p.Seek(6));
        Assert.Equal(6UL, p.At);
        Assert.True(p.Next());
        Assert.Equal(8UL, p.At);
        Assert.True(p.Seek(10));
        Assert.Equal(10UL, p.At);
        Assert.False(p.Seek(11));
        Assert.False(p.Next());
        Assert.False(p.Seek(0));
    }

    [Fact]
    public void ListPostings_SeekBeforeNext_PositionsOnFirstAtOrAfter()
    {
        var p = L(2, 4, 6);
        Assert.True(p.Seek(0));
        Assert.Equal(2UL, p.At);
        Assert.True(p.Next());
        Assert.Equal(4UL, p.At);

        var q = L(2, 4, 6);
        Assert.False(q.Seek(7));
        Assert.False(q.Next());
    }

    [Fact]
    public void ListPostings_Slices()
    {
        ulong[] refs = [1, 3, 5, 7, 9];
        Assert.Equal([3UL, 5, 7], All(new ListPostings(refs, 1, 3)));
        Assert.Equal([5UL, 7], All(new ListPostings(refs.AsMemory(2, 2))));
        Assert.Empty(All(new ListPostings(refs, 5, 0)));
        Assert.False(new ListPostings(refs, 2, 0).Seek(0));
        var s = new ListPostings(refs, 1, 3);
        Assert.False(s.Seek(8)); // 9 lies outside the slice
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListPostings(refs, 3, 3));
    }

    [Fact]
    public void ListPostings_SeekGallopsAcrossLongLists()
    {
        var refs = Enumerable.Range(0, 10_000).Select(i => (ulong)i * 3).ToArray();
        var p = new ListPostings(refs);
        for (ulong v = 0; v < 30_000; v += 7)
        {
            Assert.True(p.Seek(v));
            Assert.Equal((v + 2) / 3 * 3, p.At);
        }

        Assert.False(p.Seek(30_000));
    }

    [Fact]
    public void Empty_IsEmptyEverywhere()
    {
        Assert.False(Postings.Empty.Next());
        Assert.False(Postings.Empty.Seek(0));
        Assert.True(Postings.IsEmptyType(Postings.Empty));
        Assert.False(Postings.IsEmptyType(L()));
        Assert.Empty(All(L()));
    }

    [Fact]
    public void Intersect_Basics()
    {
        Assert.Equal([4UL, 8], All(Postings.Intersect(L(1, 2, 4, 8, 9), L(0, 4, 5, 8), L(4, 8, 100))));
        Assert.Empty(All(Postings.Intersect(L(1, 3), L(2, 4))));
        Assert.Empty(All(Postings.Intersect(L(1, 3), L())));
        Assert.True(Postings.IsEmptyType(Postings.Intersect()));
        Assert.True(Postings.IsEmptyType(Postings.Intersect(L(1), Postings.Empty)));
        var single = L(1, 2);
        Assert.Same(single, Postings.Intersect(single));
    }

    [Fact]
    public void Intersect_Seek_StaysWhenAlreadyThere()
    {
        var p = Postings.Intersect(L(1, 5, 7, 9, 12), L(5, 6, 7, 9, 12));
        Assert.True(p.Seek(6));
        Assert.Equal(7UL, p.At);
        Assert.True(p.Seek(2));
        Assert.Equal(7UL, p.At);
        Assert.True(p.Next());
        Assert.Equal(9UL, p.At);
        Assert.True(p.Seek(12));
        Assert.Equal(12UL, p.At);
        Assert.False(p.Next());
        Assert.False(p.Seek(1));
    }

    [Fact]
    public void Merge_Basics()
    {
        Assert.Equal([1UL, 2, 3, 4, 5, 9], All(Postings.Merge([L(1, 3, 5), L(2, 3, 4), L(3, 9), L()])));
        Assert.Equal([7UL], All(Postings.Merge([L(7), L(7), L(7)])));
        Assert.True(Postings.IsEmptyType(Postings.Merge([])));
        Assert.True(Postings.IsEmptyType(Postings.Merge([Postings.Empty, Postings.Empty])));
        var single = L(1, 2);
        Assert.Same(single, Postings.Merge([Postings.Empty, single]));
        Assert.Empty(All(Postings.Merge([L(), L()])));
    }

    [Fact]
    public void Merge_Seek_StaysWhenAlreadyThere()
    {
        var p = Postings.Merge([L(1, 10, 20), L(5, 15, 25), L(15, 30)]);
        Assert.True(p.Seek(11));
        Assert.Equal(15UL, p.At);
        Assert.True(p.Seek(3));
        Assert.Equal(15UL, p.At);
        Assert.True(p.Next());
        Assert.Equal(20UL, p.At);
        Assert.True(p.Seek(26));
        Assert.Equal(30UL, p.At);
        Assert.False(p.Next());
        Assert.False(p.Seek(0));
    }

    [Fact]
    public void Merge_ManyLists()
    {
        var lists = Enumerable.Range(0, 100).Select(k => (IPostings)L([.. Enumerable.Range(0, 50).Select(i => (ulong)(i * 100 + k))])).ToList();
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (ulong)i), All(Postings.Merge(lists)));
    }

    [Fact]
    public void Without_Basics()
    {
        Assert.Equal([1UL, 5], All(Postings.Without(L(1, 2, 3, 5), L(0, 2, 3, 4, 9))));
        Assert.Equal([1UL, 2], All(Postings.Without(L(1, 2), L())));
        Assert.Empty(All(Postings.Without(L(1, 2), L(1, 2))));
        var full = L(1);
        Assert.Same(full, Postings.Without(full, Postings.Empty));
        Assert.True(Postings.IsEmptyType(Postings.Without(Postings.Empty, L(1))));
    }

    [Fact]
    public void Without_Seek_StaysWhenAlreadyThere()
    {
        var p = Postings.Without(L(1, 2, 3, 4, 5, 6), L(3, 4));
        Assert.True(p.Seek(3));
        Assert.Equal(5UL, p.At);
        Assert.True(p.Seek(0));
        Assert.Equal(5UL, p.At);
        Assert.True(p.Next());
        Assert.Equal(6UL, p.At);
        Assert.False(p.Seek(7));
        Assert.False(p.Next());
    }

    [Fact]
    public void Without_SeekBeforeNext_FindsFirstSurvivor()
    {
        var p = Postings.Without(L(0, 1, 2, 3), L(0, 1));
        Assert.True(p.Seek(0));
        Assert.Equal(2UL, p.At);
    }

    [Fact]
    public void ExpandTo_Appends()
    {
        var list = new List<ulong> { 42 };
        Postings.ExpandTo(L(1, 2), list);
        Assert.Equal([42UL, 1, 2], list);
    }

    [Fact]
    public void Combinators_AllocateOncePerList_NotPerElement()
    {
        var a = Enumerable.Range(0, 20_000).Select(i => (ulong)i * 2).ToArray();
        var b = Enumerable.Range(0, 20_000).Select(i => (ulong)i * 3).ToArray();
        var lists = Enumerable.Range(0, 10).Select(k => Enumerable.Range(0, 2000).Select(i => (ulong)(i * 10 + k)).ToArray()).ToArray();

        static long Drain(IPostings p)
        {
            long n = 0;
            while (p.Next())
            {
                n++;
            }

            return n;
        }

        long Run() =>
            Drain(Postings.Intersect(new ListPostings(a), new ListPostings(b)))
            + Drain(Postings.Merge([.. lists.Select(l => (IPostings)new ListPostings(l))]))
            + Drain(Postings.Without(new ListPostings(a), new ListPostings(b)));

        // Several warm-ups and the least of a few runs: tiered JIT work can land on this thread's counter.
        for (var i = 0; i < 5; i++)
        {
            Run();
        }

        var allocated = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Equal(6667 + 20_000 + 13_333, Run());
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        // Iterators, heap arrays and the LINQ above: a few hundred bytes, independent of the ~60k elements.
        Assert.InRange(allocated, 0, 4096);
    }
}
