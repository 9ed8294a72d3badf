using System.Globalization;
using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>Aggregation operators (sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, count_values, quantile, limitk, limit_ratio).</summary>
internal sealed partial class Evaluator
{
    private EvalValue EvalAggregate(AggregateExpr a, Grid grid)
    {
        double[]? param = null;
        string? labelParam = null;
        if (a.Param is not null)
        {
            switch (Eval(a.Param, grid))
            {
                case ScalarSteps s:
                    param = s.Values;
                    break;
                case StringVal sv:
                    labelParam = sv.Value;
                    break;
                default:
                    throw new PromQLException(PromQLErrorType.Execution, "aggregation parameter must be a scalar or a string");
            }
        }

        if (a.Op == AggregationOp.CountValues && labelParam is not null && labelParam.Length == 0)
        {
            throw new PromQLException(PromQLErrorType.Execution, $"invalid label name {GoQuote(labelParam)}");
        }

        var groupCache = new Dictionary<Labels, Labels>();
        if (AggregateStreaming(a, grid, out var gridFull) is { } streamed)
        {
            var aggregated = new VectorSteps(streamed);
            AddSamples(aggregated.Total);
            return aggregated;
        }

        var input = (VectorSteps)Eval(a.Expr, grid);
        if (!gridFull && input.BySeries is { } bySeries && AggregateBySeries(a, bySeries, input.StepCount) is { } fast)
        {
            var aggregated = new VectorSteps(fast);
            ReleaseSamples(input.Total);
            AddSamples(aggregated.Total);
            return aggregated;
        }

        if (input.BySeries is { } series && param is not null && SelectKBySeries(a, series, input.StepCount, param, groupCache) is { } selected)
        {
            var kept = new VectorSteps(selected, input.StepCount);
            ReleaseSamples(input.Total);
            AddSamples(kept.Total);
            return kept;
        }

        var outSteps = new List<Samp>[input.Steps.Length];
        for (var i = 0; i < outSteps.Length; i++)
        {
            CheckCancellation();
            var p = param is null ? 0 : param[i];
            outSteps[i] = a.Op switch
            {
                AggregationOp.Topk or AggregationOp.Bottomk or AggregationOp.Limitk => AggregateK(a, input.Steps[i], p, groupCache),
                AggregationOp.LimitRatio => LimitRatio(a, input.Steps[i], p, groupCache),
                AggregationOp.CountValues => CountValues(a, input.Steps[i], labelParam!, groupCache),
                _ => AggregateSimple(a, input.Steps[i], p, groupCache),
            };
        }

        var result = new VectorSteps(outSteps);
        ReleaseSamples(input.Total);
        AddSamples(result.Total);
        return result;
    }

    private static Labels GroupLabels(AggregateExpr a, Labels metric, Dictionary<Labels, Labels> cache)
    {
        if (!cache.TryGetValue(metric, out var g))
        {
            g = GroupLabels(a, metric);
            cache[metric] = g;
        }

        return g;
    }

    /// <summary>The labels of <paramref name="metric"/>'s group under <paramref name="a"/>'s by/without clause.</summary>
    internal static Labels GroupLabels(AggregateExpr a, Labels metric)
    {
        var lb = new LabelsBuilder(metric);
        if (a.Without)
        {
            lb.Delete([.. a.Grouping, Label.MetricName]);
        }
        else
        {
            lb.Keep([.. a.Grouping]);
        }

        return lb.Build();
    }

    private sealed class Group(Labels metric)
    {
        public Labels Metric { get; } = metric;

        public AggCell Cell;
        public List<double>? Values;
    }

    private List<Samp> AggregateSimple(AggregateExpr a, List<Samp> step, double param, Dictionary<Labels, Labels> cache)
    {
        var result = new List<Samp>();
        if (step.Count == 0)
        {
            return result;
        }

        if (a.Op == AggregationOp.Quantile && (double.IsNaN(param) || param < 0 || param > 1))
        {
            Warn("quantile value should be between 0 and 1, got " + GoG(param), a.Param);
        }

        var groups = new Dictionary<Labels, Group>();
        var order = new List<Group>();
        foreach (var s in step)
        {
            var key = GroupLabels(a, s.Metric, cache);
            if (!groups.TryGetValue(key, out var g))
            {
                g = new Group(key);
                g.Cell.Start(a.Op, s.V, s.DropName, order.Count);
                if (a.Op == AggregationOp.Quantile)
                {
                    g.Values = [s.V];
                }

                groups[key] = g;
                order.Add(g);
                continue;
            }

            g.Cell.Add(a.Op, s.V, s.DropName);
            g.Values?.Add(s.V);
        }

        foreach (var g in order)
        {
            var v = a.Op == AggregationOp.Quantile
                ? Funcs.QuantileMath.Quantile(param, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(g.Values))
                : g.Cell.Result(a.Op);
            // A group keyed by a to-be-dropped __name__ (by (__name__)) drops it at the end (Prometheus 3).
            result.Add(new Samp(g.Metric, v, g.Cell.DropName && g.Metric.Has(Label.MetricName)));
        }

        return result;
    }

    /// <summary>Prometheus's kahanSumInc.</summary>
    internal static (double Sum, double C) KahanInc(double inc, double sum, double c)
    {
        var t = sum + inc;
        if (double.IsInfinity(t))
        {
            c = 0;
        }
        else if (Math.Abs(sum) >= Math.Abs(inc))
        {
            c += (sum - t) + inc;
        }
        else
        {
            c += (inc - t) + sum;
        }

        return (t, c);
    }

    private static long KParam(double p)
    {
        if (double.IsNaN(p))
        {
            throw new PromQLException(PromQLErrorType.Execution, "Parameter value is NaN");
        }

        if (p >= 9.2233720368547758e18 || p <= -9.2233720368547758e18)
        {
            throw new PromQLException(PromQLErrorType.Execution, $"Scalar value {GoG(p)} overflows int64");
        }

        return (long)p;
    }

    private static List<Samp> AggregateK(AggregateExpr a, List<Samp> step, double param, Dictionary<Labels, Labels> cache)
    {
        var result = new List<Samp>();
        var k = KParam(param);
        if (k < 1 || step.Count == 0)
        {
            return result;
        }

        var groups = new Dictionary<Labels, List<Samp>>();
        var order = new List<List<Samp>>();
        foreach (var s in step)
        {
            var key = GroupLabels(a, s.Metric, cache);
            if (!groups.TryGetValue(key, out var g))
            {
                g = [];
                groups[key] = g;
                order.Add(g);
            }

            g.Add(s);
        }

        foreach (var g in order)
        {
            if (a.Op == AggregationOp.Topk)
            {
                g.Sort(static (x, y) => Desc(x.V, y.V));
            }
            else if (a.Op == AggregationOp.Bottomk)
            {
                g.Sort(static (x, y) => Asc(x.V, y.V));
            }

            var n = (int)Math.Min(k, g.Count);
            for (var i = 0; i < n; i++)
            {
                result.Add(g[i]);
            }
        }

        return result;
    }

    /// <summary>Descending with NaN last (topk treats NaN as the smallest value).</summary>
    private static int Desc(double x, double y)
    {
        if (double.IsNaN(x))
        {
            return double.IsNaN(y) ? 0 : 1;
        }

        return double.IsNaN(y) ? -1 : y.CompareTo(x);
    }

    /// <summary>Ascending with NaN last (bottomk treats NaN as the largest value).</summary>
    private static int Asc(double x, double y)
    {
        if (double.IsNaN(x))
        {
            return double.IsNaN(y) ? 0 : 1;
        }

        return double.IsNaN(y) ? -1 : x.CompareTo(y);
    }

    private List<Samp> LimitRatio(AggregateExpr a, List<Samp> step, double ratio, Dictionary<Labels, Labels> cache)
    {
        _ = cache;
        if (double.IsNaN(ratio))
        {
            throw new PromQLException(PromQLErrorType.Execution, "Ratio value is NaN");
        }

        if (ratio < -1 || ratio > 1)
        {
            Warn("ratio value should be between -1 and 1, got " + GoG(ratio), a.Param);
            ratio = Math.Clamp(ratio, -1, 1);
        }

        var result = new List<Samp>();
        foreach (var s in step)
        {
            var offset = s.Metric.Hash / (double)ulong.MaxValue;
            if ((ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio))
            {
                result.Add(s);
            }
        }

        return result;
    }

    private static List<Samp> CountValues(AggregateExpr a, List<Samp> step, string label, Dictionary<Labels, Labels> cache)
    {
        var counts = new Dictionary<Labels, int>();
        var order = new List<Labels>();
        foreach (var s in step)
        {
            var lb = new LabelsBuilder(GroupLabels(a, s.Metric, cache));
            lb.Set(label, FormatValue(s.V));
            var key = lb.Build();
            if (counts.TryGetValue(key, out var c))
            {
                counts[key] = c + 1;
            }
            else
            {
                counts[key] = 1;
                order.Add(key);
            }
        }

        var result = new List<Samp>(order.Count);
        foreach (var key in order)
        {
            result.Add(new Samp(key, counts[key], false));
        }

        return result;
    }

    /// <summary>Go's strconv.FormatFloat(v, 'f', -1, 64).</summary>
    internal static string FormatValue(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        return FloatFormat.FormatShortestFixed(v);
    }

    /// <summary>Go's %g for the values annotations print.</summary>
    internal static string GoG(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        var s = v.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return s;
        }

        var exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return s[..e] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
