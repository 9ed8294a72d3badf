namespace Tsdb.Storage.Tests.Model;

/// <summary>
/// The reference model the storage engine is checked against: a dictionary of series with sorted
/// samples, applying the documented append rules (out of order and duplicate rejected, an exact
/// repeat of the newest sample a no-op).
/// </summary>
internal sealed class NaiveStore
{
    public Dictionary<Labels, List<Sample>> Series { get; } = [];

    public AppendError Append(Labels labels, long t, double v, long minValid = long.MinValue)
    {
        if (labels.Count == 0)
        {
            return AppendError.InvalidLabels;
        }

        if (t < minValid)
        {
            return AppendError.OutOfBounds;
        }

        if (!Series.TryGetValue(labels, out var list))
        {
            list = [];
            Series[labels] = list;
        }

        if (list.Count > 0)
        {
            var last = list[^1];
            if (t < last.T)
            {
                return AppendError.OutOfOrder;
            }

            if (t == last.T)
            {
                return BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(last.V) ? AppendError.None : AppendError.DuplicateTimestamp;
            }
        }

        list.Add(new Sample(t, v));
        return AppendError.None;
    }

    /// <summary>Series matching all matchers with samples in [mint, maxt], sorted by labels.</summary>
    public List<(Labels Labels, List<Sample> Samples)> Select(long mint, long maxt, IReadOnlyList<Matcher> matchers)
    {
        var result = new List<(Labels, List<Sample>)>();
        foreach (var (labels, samples) in Series)
        {
            var all = true;
            foreach (var m in matchers)
            {
                all &= m.Matches(labels.Get(m.Name));
            }

            var inRange = samples.FindAll(s => s.T >= mint && s.T <= maxt);
            if (all && inRange.Count > 0)
            {
                result.Add((labels, inRange));
            }
        }

        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }
}
