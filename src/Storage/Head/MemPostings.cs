using Tsdb.Storage.Index;

namespace Tsdb.Storage;

/// <summary>
/// The head's inverted index: label name -> value -> sorted series refs, plus the list of all refs.
/// Mutated only under the head's creation lock; read lock-free through snapshots.
/// </summary>
internal sealed class MemPostings
{
    private readonly Lock _mapLock = new();
    private readonly Dictionary<string, Dictionary<string, PostingsList>> _byName = new(StringComparer.Ordinal);
    private readonly PostingsList _all = new();

    public void Add(ulong seriesRef, Labels labels)
    {
        _all.Add(seriesRef);
        foreach (var l in labels)
        {
            GetOrCreate(l.Name, l.Value).Add(seriesRef);
        }
    }

    private PostingsList GetOrCreate(string name, string value)
    {
        lock (_mapLock)
        {
            if (!_byName.TryGetValue(name, out var values))
            {
                values = new Dictionary<string, PostingsList>(StringComparer.Ordinal);
                _byName[name] = values;
            }

            if (!values.TryGetValue(value, out var list))
            {
                list = new PostingsList();
                values[value] = list;
            }

            return list;
        }
    }

    /// <summary>Removes garbage-collected series; drops values and names left empty.</summary>
    public void Delete(HashSet<ulong> refs, IEnumerable<Labels> labelsOfDeleted)
    {
        _all.RemoveAll(refs);
        lock (_mapLock)
        {
            foreach (var labels in labelsOfDeleted)
            {
                foreach (var l in labels)
                {
                    if (_byName.TryGetValue(l.Name, out var values) && values.TryGetValue(l.Value, out var list) && list.RemoveAll(refs) == 0)
                    {
                        values.Remove(l.Value);
                        if (values.Count == 0)
                        {
                            _byName.Remove(l.Name);
                        }
                    }
                }
            }
        }
    }

    public IPostings Get(string name, string value)
    {
        lock (_mapLock)
        {
            return _byName.TryGetValue(name, out var values) && values.TryGetValue(value, out var list)
                ? list.Iterator()
                : EmptyPostings.Instance;
        }
    }

    public IPostings All() => _all.Iterator();

    public int SeriesCount => _all.Count;

    public List<string> LabelNames()
    {
        List<string> names;
        lock (_mapLock)
        {
            names = [.. _byName.Keys];
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public List<string> LabelValues(string name)
    {
        List<string> values;
        lock (_mapLock)
        {
            values = _byName.TryGetValue(name, out var v) ? [.. v.Keys] : [];
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }

    /// <summary>(name, value, series count) for the TSDB status page, highest counts first.</summary>
    public List<(string Name, string Value, int Count)> Cardinalities()
    {
        var result = new List<(string, string, int)>();
        lock (_mapLock)
        {
            foreach (var (name, values) in _byName)
            {
                foreach (var (value, list) in values)
                {
                    result.Add((name, value, list.Count));
                }
            }
        }

        return result;
    }

    /// <summary>(name, number of distinct values) pairs.</summary>
    public List<(string Name, int Values)> ValueCounts()
    {
        var result = new List<(string, int)>();
        lock (_mapLock)
        {
            foreach (var (name, values) in _byName)
            {
                result.Add((name, values.Count));
            }
        }

        return result;
    }
}
