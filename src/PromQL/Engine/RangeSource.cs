using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// The series of a range-vector argument (matrix selector or subquery) with how its per-step windows are placed:
/// the window of step time t is (ref - Range, ref] with ref = (At ?? t) - Offset.
/// </summary>
internal abstract class RangeSource
{
    protected RangeSource(long range, long offset, long? at)
    {
        Range = range;
        Offset = offset;
        At = at;
    }

    public long Range { get; }

    public long Offset { get; }

    public long? At { get; }

    public abstract int Count { get; }

    public abstract Labels Metric(int i);

    public abstract bool DropName(int i);

    /// <summary>Loads series <paramref name="i"/> (stale markers removed) into <paramref name="buffer"/>, growing it; returns the count.</summary>
    public abstract int Load(int i, ref Sample[] buffer);

    public long RefTime(long t) => (At ?? t) - Offset;
}

/// <summary>Series read from storage by a matrix selector.</summary>
internal sealed class SelectorRange(IReadOnlyList<StorageSeries> series, long mint, long maxt, long range, long offset, long? at)
    : RangeSource(range, offset, at)
{
    private ISampleIterator? _iterator;

    public override int Count => series.Count;

    public override Labels Metric(int i) => series[i].Labels;

    public override bool DropName(int i) => false;

    public override int Load(int i, ref Sample[] buffer)
    {
        _iterator = series[i].Iterator(_iterator);
        var n = 0;
        if (_iterator.Seek(mint) == SampleKind.None)
        {
            return 0;
        }

        do
        {
            var s = _iterator.At();
            if (s.T > maxt)
            {
                break;
            }

            if (StaleNaN.Is(s.V))
            {
                continue;
            }

            if (n == buffer.Length)
            {
                SamplePool.Grow(ref buffer);
            }

            buffer[n++] = s;
        }
        while (_iterator.Next() != SampleKind.None);

        return n;
    }
}

/// <summary>Series produced by evaluating a subquery.</summary>
internal sealed class MaterializedRange(List<MaterializedRange.Entry> series, long range, long offset, long? at)
    : RangeSource(range, offset, at)
{
    public List<Entry> Series { get; } = series;

    public override int Count => Series.Count;

    public override Labels Metric(int i) => Series[i].Metric;

    public override bool DropName(int i) => Series[i].DropName;

    public override int Load(int i, ref Sample[] buffer)
    {
        var pts = Series[i].Points;
        while (buffer.Length < pts.Count)
        {
            SamplePool.Grow(ref buffer);
        }

        pts.CopyTo(buffer);
        return pts.Count;
    }

    /// <summary>One series of a subquery result.</summary>
    public sealed class Entry(Labels metric, bool dropName)
    {
        public Labels Metric { get; } = metric;

        public bool DropName { get; set; } = dropName;

        public List<Sample> Points { get; } = [];
    }
}
