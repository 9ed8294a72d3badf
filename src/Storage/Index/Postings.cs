namespace Tsdb.Storage.Index;

/// <summary>
/// The postings algebra (Prometheus tsdb/index/postings.go): intersection, union and difference of
/// <see cref="IPostings"/>, lazily evaluated. Every combinator allocates O(number of inputs) once and
/// nothing per reference. Inputs must not be positioned yet and are consumed by the result; passing
/// the same instance twice is not supported.
/// </summary>
public static class Postings
{
    /// <summary>The empty list (a singleton that combinators short-cut on).</summary>
    public static IPostings Empty => EmptyPostings.Instance;

    /// <summary>True when <paramref name="p"/> is the <see cref="Empty"/> singleton (other empty lists are not detected).</summary>
    public static bool IsEmptyType(IPostings p) => ReferenceEquals(p, EmptyPostings.Instance);

    /// <summary>References present in all inputs. No inputs give the empty list, as in Prometheus.</summary>
    public static IPostings Intersect(params IPostings[] its) => Intersect((IReadOnlyList<IPostings>)its);

    /// <inheritdoc cref="Intersect(IPostings[])"/>
    public static IPostings Intersect(IReadOnlyList<IPostings> its)
    {
        switch (its.Count)
        {
            case 0:
                return Empty;
            case 1:
                return its[0];
        }

        var copy = new IPostings[its.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            if (IsEmptyType(its[i]))
            {
                return Empty;
            }

            copy[i] = its[i];
        }

        return new IntersectPostings(copy);
    }

    /// <summary>References present in any input, each once (a k-way merge over a heap).</summary>
    public static IPostings Merge(IReadOnlyList<IPostings> its)
    {
        var n = 0;
        IPostings? single = null;
        for (var i = 0; i < its.Count; i++)
        {
            if (!IsEmptyType(its[i]))
            {
                n++;
                single = its[i];
            }
        }

        if (n <= 1)
        {
            return single ?? Empty;
        }

        var copy = new IPostings[n];
        n = 0;
        for (var i = 0; i < its.Count; i++)
        {
            if (!IsEmptyType(its[i]))
            {
                copy[n++] = its[i];
            }
        }

        return new MergePostings(copy);
    }

    /// <summary>References of <paramref name="full"/> that are not in <paramref name="drop"/>.</summary>
    public static IPostings Without(IPostings full, IPostings drop)
    {
        if (IsEmptyType(full))
        {
            return Empty;
        }

        return IsEmptyType(drop) ? full : new WithoutPostings(full, drop);
    }

    /// <summary>Appends the remaining references of <paramref name="p"/> to <paramref name="into"/>.</summary>
    public static void ExpandTo(IPostings p, List<ulong> into)
    {
        while (p.Next())
        {
            into.Add(p.At);
        }
    }

    /// <summary>The remaining references of <paramref name="p"/> as a new list.</summary>
    public static List<ulong> ToList(IPostings p)
    {
        var list = new List<ulong>();
        ExpandTo(p, list);
        return list;
    }
}
