using Tsdb.Storage;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Tests.Index;

/// <summary>
/// A tiny in-memory <see cref="IIndexReader"/> test double: series references are 1..n in insertion
/// order, postings are sorted arrays per label name/value. Also compiled into the benchmark project.
/// </summary>
internal sealed class MemIndex : IIndexReader
{
    private readonly List<Labels> _series = [];
    private readonly Dictionary<string, SortedDictionary<string, List<ulong>>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), ulong[]> _frozen = [];
    private ulong[]? _all;
    private string[]? _names;

    public MemIndex()
    {
    }

    public MemIndex(IEnumerable<Labels> series)
    {
        foreach (var s in series)
        {
            Add(s);
        }
    }

    public int Count => _series.Count;

    public bool PostingsSortedByLabels => false;

    /// <summary>Adds a series and returns its reference.</summary>
    public ulong Add(Labels labels)
    {
        _series.Add(labels);
        var r = (ulong)_series.Count;
        foreach (var l in labels)
        {
            if (!_postings.TryGetValue(l.Name, out var values))
            {
                _postings[l.Name] = values = new SortedDictionary<string, List<ulong>>(StringComparer.Ordinal);
            }

            if (!values.TryGetValue(l.Value, out var list))
            {
                values[l.Value] = list = [];
            }

            list.Add(r);
        }

        _frozen.Clear();
        _all = null;
        _names = null;
        return r;
    }

    public Labels Get(ulong seriesRef) => _series[(int)seriesRef - 1];

    public IReadOnlyList<string> LabelNames()
    {
        if (_names is null)
        {
            _names = [.. _postings.Keys];
            Array.Sort(_names, StringComparer.Ordinal);
        }

        return _names;
    }

    public IReadOnlyList<string> LabelValues(string name) =>
        _postings.TryGetValue(name, out var values) ? [.. values.Keys] : [];

    public IPostings Postings(string name, string value)
    {
        if (!_frozen.TryGetValue((name, value), out var refs))
        {
            if (!_postings.TryGetValue(name, out var values) || !values.TryGetValue(value, out var list))
            {
                return EmptyPostings.Instance;
            }

            _frozen[(name, value)] = refs = [.. list];
        }

        return new ListPostings(refs);
    }

    public IPostings AllPostings()
    {
        if (_all is null)
        {
            _all = new ulong[_series.Count];
            for (var i = 0; i < _all.Length; i++)
            {
                _all[i] = (ulong)i + 1;
            }
        }

        return new ListPostings(_all);
    }

    public bool Series(ulong seriesRef, out Labels labels, List<ChunkMeta> chunks)
    {
        chunks.Clear();
        if (seriesRef == 0 || seriesRef > (ulong)_series.Count)
        {
            labels = Labels.Empty;
            return false;
        }

        labels = _series[(int)seriesRef - 1];
        return true;
    }
}
