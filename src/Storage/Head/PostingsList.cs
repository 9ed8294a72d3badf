using Tsdb.Storage.Index;

namespace Tsdb.Storage;

/// <summary>
/// An append-mostly sorted list of series refs. Writers (under the head's creation lock) publish a
/// new immutable (array, count) snapshot; readers iterate a snapshot without locking. Entries below a
/// published count are never modified in place: removal or out-of-order insertion copies.
/// </summary>
internal sealed class PostingsList
{
    private Snapshot _snapshot = new([], 0);

    public int Count => Volatile.Read(ref _snapshot).Count;

    public void Add(ulong seriesRef)
    {
        var s = _snapshot;
        if (s.Count > 0 && s.Refs[s.Count - 1] >= seriesRef)
        {
            InsertSorted(s, seriesRef);
            return;
        }

        var refs = s.Refs;
        if (s.Count == refs.Length)
        {
            var grown = new ulong[Math.Max(4, refs.Length * 2)];
            refs.AsSpan(0, s.Count).CopyTo(grown);
            refs = grown;
        }

        refs[s.Count] = seriesRef;
        Volatile.Write(ref _snapshot, new Snapshot(refs, s.Count + 1));
    }

    private void InsertSorted(Snapshot s, ulong seriesRef)
    {
        var span = s.Refs.AsSpan(0, s.Count);
        var i = span.BinarySearch(seriesRef);
        if (i >= 0)
        {
            return;
        }

        i = ~i;
        var next = new ulong[Math.Max(4, s.Count * 2)];
        span[..i].CopyTo(next);
        next[i] = seriesRef;
        span[i..].CopyTo(next.AsSpan(i + 1));
        Volatile.Write(ref _snapshot, new Snapshot(next, s.Count + 1));
    }

    /// <summary>Removes every ref in <paramref name="deleted"/>; returns the new count.</summary>
    public int RemoveAll(HashSet<ulong> deleted)
    {
        var s = _snapshot;
        var next = new ulong[Math.Max(4, s.Count)];
        var n = 0;
        foreach (var r in s.Refs.AsSpan(0, s.Count))
        {
            if (!deleted.Contains(r))
            {
                next[n++] = r;
            }
        }

        if (n != s.Count)
        {
            Volatile.Write(ref _snapshot, new Snapshot(next, n));
        }

        return n;
    }

    public IPostings Iterator()
    {
        var s = Volatile.Read(ref _snapshot);
        return new ListPostings(s.Refs, 0, s.Count);
    }

    private sealed record Snapshot(ulong[] Refs, int Count);
}
