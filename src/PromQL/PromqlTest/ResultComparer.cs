using Tsdb.PromQL.Funcs;
using System.Globalization;
using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Compares a query value with an eval's expected result (test.go compareResult). Values are compared with
/// <see cref="AlmostEqual"/>; label sets exactly; series order only for instant vectors under
/// <c>expect ordered</c>. Matrices must be sorted by labels, and expected matrix point i lies at
/// <c>Start + i * Step</c> (<c>_</c> expects no point there). <see cref="VectorSample.DropName"/> is ignored:
/// the runner compares <see cref="VectorSample.Metric"/> as the engine returns it.
/// </summary>
public static class ResultComparer
{
    /// <summary>Null when <paramref name="value"/> is what <paramref name="cmd"/> expects; otherwise the reason.</summary>
    public static string? Compare(EvalCommand cmd, QueryValue value) => value switch
    {
        MatrixValue m => CompareMatrix(cmd, m),
        VectorValue v => CompareVector(cmd, v),
        ScalarValue s => CompareScalar(cmd, s),
        StringValue s => (cmd.ExpectedString ?? "") == s.V
            ? null
            : $"expected string \"{cmd.ExpectedString ?? ""}\" but got \"{s.V}\"",
        null => "the engine returned no value",
        _ => $"unexpected result type {value.GetType().Name} ({value.ResultType})",
    };

    /// <summary>Null when the series are in Prometheus label order (labels.Compare), as every matrix must be.</summary>
    public static string? CheckSorted(MatrixValue m)
    {
        for (var i = 0; i + 1 < m.Series.Count; i++)
        {
            if (m.Series[i].Metric.CompareTo(m.Series[i + 1].Metric) > 0)
            {
                return $"matrix results should always be sorted by labels, but matrix is not sorted: series at index {i + 1} with labels {ResultFormatter.FormatMetric(m.Series[i + 1].Metric)} sorts before series at index {i} with labels {ResultFormatter.FormatMetric(m.Series[i].Metric)}";
            }
        }

        return null;
    }

    private static Dictionary<Labels, ExpectedSeries> ExpectedByMetric(EvalCommand cmd)
    {
        var byMetric = new Dictionary<Labels, ExpectedSeries>(cmd.ExpectedSeries.Count);
        foreach (var e in cmd.ExpectedSeries)
        {
            byMetric[e.Series.Metric] = e;
        }

        return byMetric;
    }

    private static string? CompareMatrix(EvalCommand cmd, MatrixValue m)
    {
        if (cmd.IsOrdered)
        {
            return "expected ordered result, but query returned a matrix";
        }

        if (cmd.ExpectScalar)
        {
            return $"expected scalar result, but got matrix {Flat(m)}";
        }

        var sorted = CheckSorted(m);
        if (sorted is not null)
        {
            return sorted;
        }

        var expected = ExpectedByMetric(cmd);
        var seen = new HashSet<Labels>();
        foreach (var s in m.Series)
        {
            var name = ResultFormatter.FormatMetric(s.Metric);
            if (!expected.TryGetValue(s.Metric, out var exp))
            {
                return $"unexpected metric {name} in result, has {Describe(s)}";
            }

            seen.Add(s.Metric);
            var floats = new List<Sample>();
            var histograms = 0;
            for (var i = 0; i < exp.Series.Values.Count; i++)
            {
                var ts = cmd.Start + (i * cmd.Step);
                if (ts > cmd.End)
                {
                    return $"expected {exp.Series.Values.Count} points for {name}, but query time range cannot return this many points";
                }

                var v = exp.Series.Values[i];
                if (v.IsHistogram)
                {
                    histograms++;
                }
                else if (v.IsFloat)
                {
                    floats.Add(new Sample(ts, v.Value));
                }
            }

            if (floats.Count != s.Points.Count || histograms != 0)
            {
                return $"expected {floats.Count} float points and {histograms} histogram points for {name}, but got {Describe(s)}";
            }

            for (var i = 0; i < floats.Count; i++)
            {
                var e = floats[i];
                var a = s.Points[i];
                if (e.T != a.T)
                {
                    return $"expected float value at index {i} for {name} to have timestamp {e.T}, but it had timestamp {a.T} (result has {Describe(s)})";
                }

                if (!AlmostEqual.Equal(a.V, e.V))
                {
                    return $"expected float value at index {i} (t={a.T}) for {name} to be {SequenceValue.FormatFloat(e.V)}, but got {SequenceValue.FormatFloat(a.V)} (result has {Describe(s)})";
                }
            }
        }

        foreach (var e in cmd.ExpectedSeries)
        {
            if (!seen.Contains(e.Series.Metric))
            {
                return $"expected metric {ResultFormatter.FormatMetric(e.Series.Metric)} not found";
            }
        }

        return null;
    }

    private static string? CompareVector(EvalCommand cmd, VectorValue v)
    {
        if (cmd.ExpectScalar)
        {
            return $"expected scalar result, but got vector {Flat(v)}";
        }

        var expected = ExpectedByMetric(cmd);
        var seen = new HashSet<Labels>();
        for (var pos = 0; pos < v.Samples.Count; pos++)
        {
            var sample = v.Samples[pos];
            var name = ResultFormatter.FormatMetric(sample.Metric);
            if (!expected.TryGetValue(sample.Metric, out var exp))
            {
                return $"unexpected metric {name} in result, has value {SequenceValue.FormatFloat(sample.V)}";
            }

            if (cmd.IsOrdered && exp.Position != pos + 1)
            {
                return $"expected metric {name} with {Values(exp)} at position {exp.Position} but was at {pos + 1}";
            }

            if (exp.Series.Values.Count == 0)
            {
                return $"the expected series {name} (line {exp.Series.Line}) has no value";
            }

            var exp0 = exp.Series.Values[0];
            if (exp0.IsHistogram)
            {
                return $"expected histogram {exp0.Histogram} for {name} but got float value {SequenceValue.FormatFloat(sample.V)}";
            }

            // An expected `_` compares as 0, as in test.go (its SequenceValue.Value is 0).
            if (!AlmostEqual.Equal(exp0.Value, sample.V))
            {
                return $"expected {SequenceValue.FormatFloat(exp0.Value)} for {name} but got {SequenceValue.FormatFloat(sample.V)}";
            }

            seen.Add(sample.Metric);
        }

        foreach (var e in cmd.ExpectedSeries)
        {
            if (!seen.Contains(e.Series.Metric))
            {
                return $"expected metric {ResultFormatter.FormatMetric(e.Series.Metric)} with {Values(e)} not found";
            }
        }

        return null;
    }

    private static string? CompareScalar(EvalCommand cmd, ScalarValue s)
    {
        if (cmd.ExpectedScalar is not { } expected)
        {
            return $"expected vector or matrix result, but got scalar {SequenceValue.FormatFloat(s.V)}";
        }

        return AlmostEqual.Equal(expected, s.V)
            ? null
            : $"expected scalar {SequenceValue.FormatFloat(expected)} but got {SequenceValue.FormatFloat(s.V)}";
    }

    private static string Values(ExpectedSeries e) => "[" + string.Join(" ", e.Series.Values) + "]";

    private static string Describe(Series s)
        => string.Create(CultureInfo.InvariantCulture, $"{s.Points.Count} float point{(s.Points.Count == 1 ? "" : "s")} [{ResultFormatter.FormatPoints(s.Points)}]");

    private static string Flat(QueryValue v) => ResultFormatter.FormatValue(v).Replace('\n', ';');
}
