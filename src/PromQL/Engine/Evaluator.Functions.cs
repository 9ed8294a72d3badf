using System.Runtime.InteropServices;
using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Funcs;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>Function calls: argument plumbing, per-series output and name dropping; the math is in Tsdb.PromQL.Funcs.</summary>
internal sealed partial class Evaluator
{
    private static readonly HashSet<string> SimpleMath = new(StringComparer.Ordinal)
    {
        "abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg", "exp", "floor", "ln", "log10",
        "log2", "rad", "sgn", "sin", "sinh", "sqrt", "tan", "tanh",
    };

    private static readonly HashSet<string> DateNames = new(StringComparer.Ordinal)
    {
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year",
    };

    /// <summary>True for a range query (sort functions then warn that they are ineffective).</summary>
    public bool IsRangeQuery { get; init; }

    private EvalValue EvalCall(Call c, Grid grid)
    {
        var name = c.Func.Name;
        switch (name)
        {
            case "time":
            {
                var values = new double[grid.Steps];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = grid.At(i) / 1000.0;
                }

                return new ScalarSteps(values);
            }

            case "pi":
                return Fill(grid, Math.PI);
            case "start":
                return Fill(grid, QueryStart / 1000.0);
            case "end":
                return Fill(grid, QueryEnd / 1000.0);
            case "range":
                return Fill(grid, (QueryEnd - QueryStart) / 1000.0);
            case "step":
                return Fill(grid, IsRangeQuery ? grid.Interval / 1000.0 : 0);
            case "min_of" or "max_of":
            {
                var a = Scalar(c.Args[0], grid);
                var b = Scalar(c.Args[1], grid);
                for (var i = 0; i < a.Length; i++)
                {
                    a[i] = name == "min_of" ? Math.Min(a[i], b[i]) : Math.Max(a[i], b[i]);
                }

                return new ScalarSteps(a);
            }

            case "scalar":
            {
                var v = Vector(c.Args[0], grid);
                var values = new double[grid.Steps];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = v.Steps[i].Count == 1 ? v.Steps[i][0].V : double.NaN;
                }

                ReleaseSamples(v.Total);
                return new ScalarSteps(values);
            }

            case "vector":
            {
                var s = Scalar(c.Args[0], grid);
                var steps = NewSteps(grid.Steps);
                for (var i = 0; i < s.Length; i++)
                {
                    steps[i].Add(new Samp(Labels.Empty, s[i], false));
                }

                AddSamples(s.Length);
                return new VectorSteps(steps);
            }

            case "timestamp":
                return Timestamp(c, grid);
            case "absent":
                return Absent(c, grid);
            case "sort" or "sort_desc" or "sort_by_label" or "sort_by_label_desc":
                return Sort(c, grid);
            case "label_replace":
                return LabelReplace(c, grid);
            case "label_join":
                return LabelJoin(c, grid);
            case "histogram_quantile":
                return HistogramQuantile(c, grid, false);
            case "histogram_fraction":
                return HistogramQuantile(c, grid, true);
            case "histogram_quantiles":
                return HistogramQuantile(c, grid, false);
            case "histogram_avg" or "histogram_count" or "histogram_sum" or "histogram_stddev" or "histogram_stdvar":
            {
                // Native histograms only: float samples produce nothing.
                var v = Vector(c.Args[0], grid);
                ReleaseSamples(v.Total);
                return new VectorSteps(NewSteps(grid.Steps));
            }

            case "info":
                return Vector(c.Args[0], grid);
            case "clamp" or "clamp_min" or "clamp_max" or "round":
                return Clamp(c, grid);
        }

        if (SimpleMath.Contains(name))
        {
            var v = Vector(c.Args[0], grid);
            foreach (var step in v.Steps)
            {
                for (var i = 0; i < step.Count; i++)
                {
                    var e = step[i];
                    step[i] = new Samp(e.Metric, MathFunctions.Apply(name, e.V), true);
                }
            }

            return v;
        }

        if (DateNames.Contains(name))
        {
            VectorSteps v;
            if (c.Args.Count == 0)
            {
                var steps = NewSteps(grid.Steps);
                for (var i = 0; i < steps.Length; i++)
                {
                    steps[i].Add(new Samp(Labels.Empty, grid.At(i) / 1000.0, false));
                }

                v = new VectorSteps(steps);
            }
            else
            {
                v = Vector(c.Args[0], grid);
            }

            foreach (var step in v.Steps)
            {
                for (var i = 0; i < step.Count; i++)
                {
                    var e = step[i];
                    step[i] = new Samp(e.Metric, DateFunctions.Apply(name, e.V), true);
                }
            }

            return v;
        }

        if (RangeFunctionArg(c) is var matrixArg and >= 0)
        {
            return RangeFunction(c, grid, matrixArg);
        }

        throw new PromQLException(PromQLErrorType.Execution, $"function \"{name}\" is not supported by this engine");
    }

    /// <summary>The index of the range-vector argument of a function <see cref="RangeFunction"/> computes, else -1.</summary>
    private static int RangeFunctionArg(Call c)
    {
        if (c.Func.Name == "integral")
        {
            return -1;
        }

        for (var i = 0; i < c.Func.ArgTypes.Count && i < c.Args.Count; i++)
        {
            if (c.Func.ArgTypes[i] == Ast.ValueType.Matrix)
            {
                return i;
            }
        }

        return -1;
    }

    private double[] Scalar(Expr e, Grid grid) => Eval(e, grid) switch
    {
        ScalarSteps s => s.Values,
        _ => throw new PromQLException(PromQLErrorType.Execution, $"expected a scalar, got {e}"),
    };

    private VectorSteps Vector(Expr e, Grid grid) => Eval(e, grid) switch
    {
        VectorSteps v => v,
        _ => throw new PromQLException(PromQLErrorType.Execution, $"expected an instant vector, got {e}"),
    };

    private string StringArg(Expr e, Grid grid) => Eval(e, grid) switch
    {
        StringVal s => s.Value,
        _ => throw new PromQLException(PromQLErrorType.Execution, $"expected a string, got {e}"),
    };

    private static Expr Unparen(Expr e)
    {
        while (e is ParenExpr p)
        {
            e = p.Expr;
        }

        return e;
    }

    private VectorSteps Timestamp(Call c, Grid grid)
    {
        if (Unparen(c.Args[0]) is VectorSelector vs)
        {
            return EvalVectorSelector(vs, grid, true);
        }

        var v = Vector(c.Args[0], grid);
        for (var i = 0; i < v.Steps.Length; i++)
        {
            var t = grid.At(i) / 1000.0;
            var step = v.Steps[i];
            for (var k = 0; k < step.Count; k++)
            {
                step[k] = new Samp(step[k].Metric, t, true);
            }
        }

        return v;
    }

    /// <summary>The labels absent()/absent_over_time() give their output: the selector's equality matchers.</summary>
    private static Labels AbsentLabels(Expr arg)
    {
        IReadOnlyList<Matcher> matchers = arg switch
        {
            VectorSelector vs => vs.Matchers,
            MatrixSelector ms => ms.VectorSelector.Matchers,
            _ => [],
        };
        var lb = new LabelsBuilder();
        var has = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in matchers)
        {
            if (m.Name == Label.MetricName)
            {
                continue;
            }

            if (m.Type == Storage.MatchType.Equal && !has.Contains(m.Name))
            {
                lb.Set(m.Name, m.Value);
                has.Add(m.Name);
            }
            else
            {
                lb.Delete(m.Name);
            }
        }

        return lb.Build();
    }

    private VectorSteps Absent(Call c, Grid grid)
    {
        var v = Vector(c.Args[0], grid);
        var labels = AbsentLabels(c.Args[0]);
        var steps = NewSteps(grid.Steps);
        for (var i = 0; i < steps.Length; i++)
        {
            if (v.Steps[i].Count == 0)
            {
                steps[i].Add(new Samp(labels, 1, false));
            }
        }

        ReleaseSamples(v.Total);
        return new VectorSteps(steps);
    }

    private VectorSteps Sort(Call c, Grid grid)
    {
        if (IsRangeQuery)
        {
            Warn("sort is ineffective for range queries since results are always ordered by labels", c);
        }

        var v = Vector(c.Args[0], grid);
        List<string>? by = null;
        if (c.Func.Name.StartsWith("sort_by_label", StringComparison.Ordinal))
        {
            by = [];
            for (var i = 1; i < c.Args.Count; i++)
            {
                by.Add(StringArg(c.Args[i], grid));
            }
        }

        foreach (var step in v.Steps)
        {
            switch (c.Func.Name)
            {
                case "sort":
                    step.Sort(static (x, y) => Asc(x.V, y.V));
                    break;
                case "sort_desc":
                    step.Sort(static (x, y) => Desc(x.V, y.V));
                    break;
                default:
                {
                    var desc = c.Func.Name == "sort_by_label_desc";
                    step.Sort((x, y) =>
                    {
                        foreach (var l in by!)
                        {
                            var r = NaturalCompare(x.Metric.Get(l), y.Metric.Get(l));
                            if (r != 0)
                            {
                                return desc ? -r : r;
                            }
                        }

                        var full = x.Metric.CompareTo(y.Metric);
                        return desc ? -full : full;
                    });
                    break;
                }
            }
        }

        return v;
    }

    /// <summary>Natural ordering: runs of digits compare by numeric value.</summary>
    internal static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                var si = i;
                var sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var na = a.AsSpan(si, i - si).TrimStart('0');
                var nb = b.AsSpan(sj, j - sj).TrimStart('0');
                if (na.Length != nb.Length)
                {
                    return na.Length.CompareTo(nb.Length);
                }

                var r = na.SequenceCompareTo(nb);
                if (r != 0)
                {
                    return r;
                }

                continue;
            }

            if (a[i] != b[j])
            {
                return a[i].CompareTo(b[j]);
            }

            i++;
            j++;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }

    private VectorSteps LabelReplace(Call c, Grid grid)
    {
        var v = Vector(c.Args[0], grid);
        var dst = StringArg(c.Args[1], grid);
        var repl = StringArg(c.Args[2], grid);
        var src = StringArg(c.Args[3], grid);
        var regex = StringArg(c.Args[4], grid);
        var compiled = LabelFunctions.CompileReplaceRegex(regex, dst);
        return RelabelSteps(v, dst, m => LabelFunctions.Replace(m, dst, repl, src, compiled));
    }

    private VectorSteps LabelJoin(Call c, Grid grid)
    {
        var v = Vector(c.Args[0], grid);
        var dst = StringArg(c.Args[1], grid);
        var sep = StringArg(c.Args[2], grid);
        var sources = new List<string>();
        for (var i = 3; i < c.Args.Count; i++)
        {
            sources.Add(StringArg(c.Args[i], grid));
        }

        LabelFunctions.ValidateJoin(dst, sources);
        return RelabelSteps(v, dst, m => LabelFunctions.Join(m, dst, sep, sources));
    }

    private static VectorSteps RelabelSteps(VectorSteps v, string dst, Func<Labels, Labels> relabel)
    {
        var cache = new Dictionary<Labels, Labels>();
        var seen = new HashSet<Labels>();
        foreach (var step in v.Steps)
        {
            seen.Clear();
            for (var i = 0; i < step.Count; i++)
            {
                var e = step[i];
                if (!cache.TryGetValue(e.Metric, out var m))
                {
                    m = relabel(e.Metric);
                    cache[e.Metric] = m;
                }

                var drop = e.DropName && dst != Label.MetricName;
                if (!seen.Add(drop ? WithoutName(m) : m))
                {
                    throw new PromQLException(PromQLErrorType.Execution, "vector cannot contain metrics with the same labelset");
                }

                step[i] = new Samp(m, e.V, drop);
            }
        }

        return v;
    }

    internal static Labels WithoutName(Labels m) => m.Has(Label.MetricName) ? new LabelsBuilder(m).Delete(Label.MetricName).Build() : m;

    private VectorSteps Clamp(Call c, Grid grid)
    {
        var v = Vector(c.Args[0], grid);
        var name = c.Func.Name;
        double[]? a = c.Args.Count > 1 ? Scalar(c.Args[1], grid) : null;
        double[]? b = c.Args.Count > 2 ? Scalar(c.Args[2], grid) : null;
        for (var i = 0; i < v.Steps.Length; i++)
        {
            var step = v.Steps[i];
            if (name == "clamp" && b![i] < a![i])
            {
                step.Clear();
                continue;
            }

            for (var k = 0; k < step.Count; k++)
            {
                var e = step[k];
                var x = name switch
                {
                    "clamp" => MathFunctions.Clamp(e.V, a![i], b![i]),
                    "clamp_min" => MathFunctions.Clamp(e.V, a![i], double.PositiveInfinity),
                    "clamp_max" => MathFunctions.Clamp(e.V, double.NegativeInfinity, a![i]),
                    _ => MathFunctions.Round(e.V, a is null ? 1 : a[i]),
                };
                step[k] = new Samp(e.Metric, x, true);
            }
        }

        return v;
    }

    private VectorSteps HistogramQuantile(Call c, Grid grid, bool fraction)
    {
        // histogram_quantile(q, v), histogram_fraction(lower, upper, v), histogram_quantiles(v, "label", q...).
        var multi = c.Func.Name == "histogram_quantiles";
        var qs = new List<double[]>();
        var qExprs = new List<Expr>();
        double[]? upper = null;
        VectorSteps v;
        string? qLabel = null;
        Expr vectorArg;
        if (multi)
        {
            vectorArg = c.Args[0];
            v = Vector(c.Args[0], grid);
            qLabel = StringArg(c.Args[1], grid);
            for (var k = 2; k < c.Args.Count; k++)
            {
                qs.Add(Scalar(c.Args[k], grid));
                qExprs.Add(c.Args[k]);
            }
        }
        else
        {
            qs.Add(Scalar(c.Args[0], grid));
            qExprs.Add(c.Args[0]);
            if (fraction)
            {
                upper = Scalar(c.Args[1], grid);
            }

            vectorArg = c.Args[fraction ? 2 : 1];
            v = Vector(vectorArg, grid);
        }

        var keyCache = new Dictionary<Labels, Labels>();
        var steps = NewSteps(grid.Steps);
        var groups = new Dictionary<Labels, List<Bucket>>();
        var order = new List<Labels>();
        for (var i = 0; i < steps.Length; i++)
        {
            if (!fraction)
            {
                for (var k = 0; k < qs.Count; k++)
                {
                    var q = qs[k][i];
                    if (double.IsNaN(q) || q < 0 || q > 1)
                    {
                        Warn("quantile value should be between 0 and 1, got " + GoG(q), qExprs[k]);
                    }
                }
            }

            groups.Clear();
            order.Clear();
            foreach (var e in v.Steps[i])
            {
                var le = e.Metric.Get("le");
                if (!PromqlTest.GoNumber.TryParse(le, out var bound))
                {
                    Warn($"bucket label \"le\" is missing or has a malformed value of {GoQuote(le)} for metric name {GoQuote(e.Metric.MetricName)}", vectorArg);
                    continue;
                }

                if (!keyCache.TryGetValue(e.Metric, out var key))
                {
                    key = new LabelsBuilder(e.Metric).Delete("le").Build();
                    keyCache[e.Metric] = key;
                }

                if (!groups.TryGetValue(key, out var buckets))
                {
                    buckets = [];
                    groups[key] = buckets;
                    order.Add(key);
                }

                buckets.Add(new Bucket(bound, e.V));
            }

            foreach (var key in order)
            {
                for (var k = 0; k < qs.Count; k++)
                {
                    var span = CollectionsMarshal.AsSpan(groups[key]);
                    BucketIssues issues;
                    var r = fraction
                        ? HistogramMath.BucketFraction(qs[k][i], upper![i], span, out issues)
                        : HistogramMath.BucketQuantile(qs[k][i], span, out issues);
                    if ((issues & BucketIssues.ForcedMonotonicity) != 0)
                    {
                        Info("input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name " +
                             GoQuote(key.MetricName), vectorArg);
                    }

                    var metric = qLabel is null ? key : new LabelsBuilder(key).Set(qLabel, QuantileLabel(qs[k][i])).Build();
                    steps[i].Add(new Samp(metric, r, true));
                }
            }
        }

        ReleaseSamples(v.Total);
        return new VectorSteps(steps);
    }

    /// <summary>The quantile label value of histogram_quantiles: shortest form, with ".0" for whole numbers.</summary>
    private static string QuantileLabel(double q)
    {
        var s = FormatValue(q);
        return s.Contains('.', StringComparison.Ordinal) || !double.IsFinite(q) ? s : s + ".0";
    }
}
