namespace Tsdb.Storage.Index;

/// <summary>
/// Resolves label matchers to series references against any <see cref="IIndexReader"/> (Prometheus
/// tsdb/querier.go PostingsForMatchers). A series lacking a label has the empty value for it, so a
/// matcher that matches "" also selects series without the label: <c>{a!="x"}</c> includes series
/// without <c>a</c>, <c>{a=""}</c> is exactly those, <c>{a=~".*"}</c> is everything and
/// <c>{a=~".+"}</c> is the series having <c>a</c>.
/// </summary>
/// <remarks>
/// Matchers are split into intersecting ones (the label must be set: positive matchers not matching
/// "", or <c>!=""</c>-like ones) and subtracting ones (the rest, answered by the postings of the
/// values they reject). Subtracting ones alone start from <see cref="IIndexReader.AllPostings"/>.
/// A regex that is a literal alternation (<see cref="Matcher.SetMatches"/>) is looked up value by
/// value; any other regex is run once per value from <see cref="IIndexReader.LabelValues"/>.
/// </remarks>
public static class PostingsForMatchers
{
    /// <summary>
    /// The references of the series selected by all <paramref name="matchers"/>, increasing. An empty
    /// matcher list selects every series (Prometheus' API never passes one; this is the vacuous reading).
    /// </summary>
    public static IPostings Resolve(IIndexReader ix, IReadOnlyList<Matcher> matchers)
    {
        var n = matchers.Count;
        if (n == 0)
        {
            return ix.AllPostings();
        }

        // Regexes are not free: evaluate "does it match the empty value" once per matcher.
        var matchesEmpty = new bool[n];
        for (var i = 0; i < n; i++)
        {
            matchesEmpty[i] = matchers[i].MatchesEmpty;
        }

        // A label must be set when some matcher on it rejects "" (e.g. {a=~".+", a!="x"}): then even
        // a matcher on that label that accepts "" can be answered from the label's own postings.
        var mustBeSet = new bool[n];
        var anyIntersecting = false;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n && !mustBeSet[i]; j++)
            {
                mustBeSet[i] = !matchesEmpty[j] && matchers[j].Name == matchers[i].Name;
            }

            anyIntersecting |= !IsSubtracting(matchers[i], mustBeSet[i], matchesEmpty[i]);
        }

        var its = new List<IPostings>(n);
        var notIts = new List<IPostings>(n);
        if (!anyIntersecting)
        {
            // Taken first, so that series added to a live (head) index while we resolve the
            // subtrahends cannot show up unfiltered.
            its.Add(ix.AllPostings());
        }

        for (var i = 0; i < n; i++)
        {
            var m = matchers[i];
            var isNot = m.Type is MatchType.NotEqual or MatchType.NotRegex;
            if (!mustBeSet[i])
            {
                // Matches "": subtract the series whose value for the label is set and rejected.
                var drop = ValuesPostings(ix, m, matching: false);
                if (!Postings.IsEmptyType(drop))
                {
                    notIts.Add(drop);
                }
            }
            else if (isNot && matchesEmpty[i])
            {
                // l!="foo" with l required elsewhere: subtract l="foo".
                var drop = ValuesPostings(ix, m, matching: false);
                if (!Postings.IsEmptyType(drop))
                {
                    notIts.Add(drop);
                }
            }
            else
            {
                // l="a", l=~"a.+", l!="" and l!~"" -like: intersect with the values it accepts.
                var keep = ValuesPostings(ix, m, matching: true);
                if (Postings.IsEmptyType(keep))
                {
                    return Postings.Empty;
                }

                its.Add(keep);
            }
        }

        var result = Postings.Intersect(its);
        foreach (var drop in notIts)
        {
            result = Postings.Without(result, drop);
        }

        return result;
    }

    /// <summary>
    /// The sorted values of label <paramref name="name"/> over the series selected by
    /// <paramref name="matchers"/> (all values when there are no matchers).
    /// </summary>
    public static IReadOnlyList<string> LabelValuesFor(IIndexReader ix, string name, IReadOnlyList<Matcher> matchers)
    {
        var all = ix.LabelValues(name);
        if (matchers.Count == 0 || all.Count == 0)
        {
            return all;
        }

        // Matchers on the label itself filter its values directly (e.g. {__name__=~"http_.*"}).
        var candidates = new List<string>(all.Count);
        var otherLabels = false;
        foreach (var v in all)
        {
            var keep = true;
            foreach (var m in matchers)
            {
                if (m.Name == name)
                {
                    keep &= m.Matches(v);
                }
                else
                {
                    otherLabels = true;
                }
            }

            if (keep)
            {
                candidates.Add(v);
            }
        }

        if (!otherLabels || candidates.Count == 0)
        {
            return candidates;
        }

        // Keep the values whose postings meet the selected series.
        var selected = Postings.ToList(Resolve(ix, matchers));
        if (selected.Count == 0)
        {
            return [];
        }

        var sorted = selected.ToArray();
        var result = new List<string>();
        foreach (var v in candidates)
        {
            if (Meets(ix.Postings(name, v), sorted))
            {
                result.Add(v);
            }
        }

        return result;
    }

    /// <summary>
    /// The sorted label names used by the series selected by <paramref name="matchers"/> (all names
    /// when there are no matchers).
    /// </summary>
    public static IReadOnlyList<string> LabelNamesFor(IIndexReader ix, IReadOnlyList<Matcher> matchers)
    {
        if (matchers.Count == 0)
        {
            return ix.LabelNames();
        }

        var p = Resolve(ix, matchers);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var chunks = new List<ChunkMeta>();
        while (p.Next())
        {
            if (ix.Series(p.At, out var labels, chunks))
            {
                foreach (var l in labels)
                {
                    names.Add(l.Name);
                }
            }
        }

        var result = names.ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Whether a matcher is answered by subtraction (see <see cref="Resolve"/>).</summary>
    private static bool IsSubtracting(Matcher m, bool mustBeSet, bool matchesEmpty) =>
        !mustBeSet || ((m.Type is MatchType.NotEqual or MatchType.NotRegex) && matchesEmpty);

    /// <summary>
    /// The union of the postings of the label's non-empty values that <paramref name="m"/> accepts
    /// (<paramref name="matching"/>) or rejects. Literal forms are answered without scanning values.
    /// </summary>
    private static IPostings ValuesPostings(IIndexReader ix, Matcher m, bool matching)
    {
        // Positive literal forms: `=v` accepts v; `!=v` rejects v; same for `=~a|b` / `!~a|b`.
        var literalAccepts = m.Type is MatchType.Equal or MatchType.Regex;
        if (m.Type is MatchType.Equal or MatchType.NotEqual)
        {
            if (matching == literalAccepts)
            {
                return m.Value.Length == 0 ? Postings.Empty : ix.Postings(m.Name, m.Value);
            }

            if (m.Value.Length == 0)
            {
                // `=""` rejects / `!=""` accepts every set value.
                return AllValues(ix, m.Name);
            }
        }
        else if (m.SetMatches is { } set)
        {
            if (matching == literalAccepts)
            {
                return SetPostings(ix, m.Name, set);
            }

            if (set.Count == 1 && set[0].Length == 0)
            {
                return AllValues(ix, m.Name);
            }
        }
        else if (m.Value is ".*" or ".+")
        {
            // Every set (non-empty) value is accepted by =~ and rejected by !~.
            return matching == (m.Type == MatchType.Regex) ? AllValues(ix, m.Name) : Postings.Empty;
        }

        var values = ix.LabelValues(m.Name);
        var lists = new List<IPostings>();
        foreach (var v in values)
        {
            if (m.Matches(v) == matching)
            {
                lists.Add(ix.Postings(m.Name, v));
            }
        }

        return Postings.Merge(lists);
    }

    private static IPostings AllValues(IIndexReader ix, string name)
    {
        var values = ix.LabelValues(name);
        var lists = new IPostings[values.Count];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = ix.Postings(name, values[i]);
        }

        return Postings.Merge(lists);
    }

    private static IPostings SetPostings(IIndexReader ix, string name, IReadOnlyList<string> set)
    {
        var lists = new List<IPostings>(set.Count);
        foreach (var v in set)
        {
            if (v.Length != 0)
            {
                lists.Add(ix.Postings(name, v));
            }
        }

        return Postings.Merge(lists);
    }

    /// <summary>Whether <paramref name="p"/> shares a reference with the sorted array.</summary>
    private static bool Meets(IPostings p, ulong[] sorted)
    {
        if (!p.Next())
        {
            return false;
        }

        var lo = 0;
        while (true)
        {
            // First index >= p.At, searching from where the previous probe ended.
            var idx = Array.BinarySearch(sorted, lo, sorted.Length - lo, p.At);
            if (idx >= 0)
            {
                return true;
            }

            lo = ~idx;
            if (lo == sorted.Length)
            {
                return false;
            }

            // Jump p to the next selected reference; if it overshoots, probe again from there.
            if (!p.Seek(sorted[lo]))
            {
                return false;
            }

            if (p.At == sorted[lo])
            {
                return true;
            }
        }
    }
}
