namespace Tsdb.Storage.Index;

// TEMPORARY naive resolver, replaced by the postings branch at merge: filters every series.
public static class PostingsForMatchers
{
    public static IPostings Resolve(IIndexReader ix, IReadOnlyList<Matcher> matchers)
    {
        var all = ix.AllPostings();
        var keep = new List<ulong>();
        var metas = new List<ChunkMeta>();
        while (all.Next())
        {
            if (ix.Series(all.At, out var labels, metas) && AllMatch(labels, matchers))
            {
                keep.Add(all.At);
            }
        }

        return new ArrayPostings([.. keep], keep.Count);
    }

    public static IReadOnlyList<string> LabelNamesFor(IIndexReader ix, IReadOnlyList<Matcher> matchers)
    {
        if (matchers.Count == 0)
        {
            return ix.LabelNames();
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        var p = Resolve(ix, matchers);
        var metas = new List<ChunkMeta>();
        while (p.Next())
        {
            if (ix.Series(p.At, out var labels, metas))
            {
                foreach (var l in labels)
                {
                    names.Add(l.Name);
                }
            }
        }

        return [.. names];
    }

    public static IReadOnlyList<string> LabelValuesFor(IIndexReader ix, string name, IReadOnlyList<Matcher> matchers)
    {
        if (matchers.Count == 0)
        {
            return ix.LabelValues(name);
        }

        var values = new SortedSet<string>(StringComparer.Ordinal);
        var p = Resolve(ix, matchers);
        var metas = new List<ChunkMeta>();
        while (p.Next())
        {
            if (ix.Series(p.At, out var labels, metas) && labels.Get(name) is { Length: > 0 } v)
            {
                values.Add(v);
            }
        }

        return [.. values];
    }

    private static bool AllMatch(Labels labels, IReadOnlyList<Matcher> matchers)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(labels.Get(m.Name)))
            {
                return false;
            }
        }

        return true;
    }
}
