using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.PromqlTest;

/// <summary>
/// A minimal storage-backed engine for runner tests: the query must be a bare metric name; each matching
/// series yields its latest sample in (t - 5m, t] unless that is a staleness marker (Prometheus lookback).
/// It proves the runner's storage and querier wiring end to end, nothing more.
/// </summary>
internal sealed class SelectorOnlyEngine : IQueryEngine
{
    private const long Lookback = 5 * 60_000;

    public QueryResult Instant(Func<long, long, Querier> querier, string query, long time, CancellationToken ct = default)
    {
        var samples = new List<VectorSample>();
        foreach (var (labels, v) in At(querier, query, time))
        {
            samples.Add(new VectorSample(labels, time, v));
        }

        return new QueryResult(new VectorValue(samples), [], []);
    }

    public QueryResult Range(Func<long, long, Querier> querier, string query, long start, long end, long step, CancellationToken ct = default)
    {
        var points = new SortedDictionary<Labels, List<Sample>>();
        for (var t = start; t <= end; t += step)
        {
            foreach (var (labels, v) in At(querier, query, t))
            {
                if (!points.TryGetValue(labels, out var list))
                {
                    points[labels] = list = [];
                }

                list.Add(new Sample(t, v));
            }
        }

        return new QueryResult(new MatrixValue([.. points.Select(p => new Series(p.Key, p.Value))]), [], []);
    }

    private static List<(Labels, double)> At(Func<long, long, Querier> querier, string name, long t)
    {
        var result = new List<(Labels, double)>();
        using var q = querier(t - Lookback + 1, t);
        foreach (var s in q.Select(Matcher.Equal(Label.MetricName, name)))
        {
            var it = s.Iterator();
            Sample? last = null;
            while (it.Next() == SampleKind.Float)
            {
                last = it.At();
            }

            if (last is { } l && !StaleNaN.Is(l.V))
            {
                result.Add((s.Labels, l.V));
            }
        }

        return result;
    }
}
