using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Funcs;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>Functions over a range vector: each series is loaded once and a window slides over it step by step.</summary>
internal sealed partial class Evaluator
{
    /// <summary>With a <paramref name="sink"/> each output series goes there instead of into the result, unaccounted.</summary>
    private VectorSteps RangeFunction(Call c, Grid grid, int matrixArg, ISeriesSink? sink = null)
    {
        var name = c.Func.Name;
        double[]? p0 = null;
        double[]? p1 = null;
        switch (name)
        {
            case "quantile_over_time":
                p0 = Scalar(c.Args[0], grid);
                break;
            case "predict_linear":
                p0 = Scalar(c.Args[1], grid);
                break;
            case "double_exponential_smoothing":
                p0 = Scalar(c.Args[1], grid);
                p1 = Scalar(c.Args[2], grid);
                break;
        }

        var src = EvalRange(c.Args[matrixArg], grid);
        var n = grid.Steps;
        var keepName = name is "last_over_time" or "first_over_time";
        var isAbsent = name == "absent_over_time";
        // At most one output per input series and step (absent_over_time: one series).
        var output = sink is not null ? new SeriesPoints(sink, n) : new SeriesPoints(isAbsent ? 1 : src.Count, isAbsent ? n : (long)src.Count * n);
        var isRateLike = name is "rate" or "increase";
        var fn = CommonRangeFn(name);
        var anyInWindow = isAbsent ? new bool[n] : null;
        var buffer = SamplePool.Rent();
        try
        {
            for (var s = 0; s < src.Count; s++)
            {
                CheckCancellation();
                var count = src.Load(s, ref buffer);
                if (count == 0)
                {
                    continue;
                }

                var metric = src.Metric(s);
                var drop = !keepName || src.DropName(s);
                // Whether this series' name earns the "might not be a counter" info: decided once per series,
                // issued at its first window of two or more samples, as checking every window would.
                var counterInfo = isRateLike && !LooksLikeCounter(metric.MetricName);
                var lo = 0;
                var hi = 0;
                var added = 0;
                for (var i = 0; i < n; i++)
                {
                    var t = grid.At(i);
                    var refT = src.RefTime(t);
                    var mint = refT - src.Range;
                    while (hi < count && buffer[hi].T <= refT)
                    {
                        hi++;
                    }

                    while (lo < hi && buffer[lo].T <= mint)
                    {
                        lo++;
                    }

                    if (hi == lo)
                    {
                        continue;
                    }

                    if (anyInWindow is not null)
                    {
                        anyInWindow[i] = true;
                        continue;
                    }

                    var window = new ReadOnlySpan<Sample>(buffer, lo, hi - lo);
                    AddSamples(window.Length);
                    if (counterInfo && window.Length >= 2)
                    {
                        CounterInfo(c, metric.MetricName);
                        counterInfo = false;
                    }

                    var v = fn == RangeFn.Other
                        ? Compute(c, name, window, mint, refT, t, p0 is null ? 0 : p0[i], p1 is null ? 0 : p1[i])
                        : ComputeCommon(fn, window, mint, refT);
                    ReleaseSamples(window.Length);
                    if (v is { } value)
                    {
                        output.Add(i, value);
                        added++;
                    }
                }

                output.EndSeries(metric, drop);
                if (!output.Streaming)
                {
                    AddSamples(added);
                }
            }
        }
        finally
        {
            SamplePool.Return(buffer);
            // Also when a sink stops the walk: a subquery's points are not held any more either way.
            if (src is MaterializedRange m)
            {
                long total = 0;
                foreach (var e in m.Series)
                {
                    total += e.Points.Count;
                }

                ReleaseSamples(total);
            }
        }

        if (anyInWindow is not null)
        {
            var labels = AbsentLabels(c.Args[0]);
            for (var i = 0; i < n; i++)
            {
                if (!anyInWindow[i])
                {
                    output.Add(i, 1);
                }
            }

            output.EndSeries(labels, false);
        }

        return new VectorSteps(output, n);
    }

    /// <summary>The functions dashboards use most, dispatched without a string switch per series and step.</summary>
    private enum RangeFn
    {
        Other,
        Rate,
        Increase,
        Delta,
        Irate,
        AvgOverTime,
        SumOverTime,
        CountOverTime,
        MinOverTime,
        MaxOverTime,
        LastOverTime,
    }

    private static RangeFn CommonRangeFn(string name) => name switch
    {
        "rate" => RangeFn.Rate,
        "increase" => RangeFn.Increase,
        "delta" => RangeFn.Delta,
        "irate" => RangeFn.Irate,
        "avg_over_time" => RangeFn.AvgOverTime,
        "sum_over_time" => RangeFn.SumOverTime,
        "count_over_time" => RangeFn.CountOverTime,
        "min_over_time" => RangeFn.MinOverTime,
        "max_over_time" => RangeFn.MaxOverTime,
        "last_over_time" => RangeFn.LastOverTime,
        _ => RangeFn.Other,
    };

    private static double? ComputeCommon(RangeFn fn, ReadOnlySpan<Sample> w, long mint, long refT) => fn switch
    {
        RangeFn.Rate => RangeFunctions.ExtrapolatedRate(w, mint, refT, true, true),
        RangeFn.Increase => RangeFunctions.ExtrapolatedRate(w, mint, refT, true, false),
        RangeFn.Delta => RangeFunctions.ExtrapolatedRate(w, mint, refT, false, false),
        RangeFn.Irate => RangeFunctions.InstantValue(w, true),
        RangeFn.AvgOverTime => RangeFunctions.AvgOverTime(w),
        RangeFn.SumOverTime => RangeFunctions.SumOverTime(w),
        RangeFn.CountOverTime => RangeFunctions.CountOverTime(w),
        RangeFn.MinOverTime => RangeFunctions.MinOverTime(w),
        RangeFn.MaxOverTime => RangeFunctions.MaxOverTime(w),
        RangeFn.LastOverTime => RangeFunctions.LastOverTime(w),
        _ => throw new InvalidOperationException("not a common range function"),
    };

    private double? Compute(Call c, string name, ReadOnlySpan<Sample> w, long mint, long refT, long t, double p0, double p1)
    {
        switch (name)
        {
            case "rate" or "increase":
                return RangeFunctions.ExtrapolatedRate(w, mint, refT, true, name == "rate");
            case "delta":
                return RangeFunctions.ExtrapolatedRate(w, mint, refT, false, false);
            case "irate":
                return RangeFunctions.InstantValue(w, true);
            case "idelta":
                return RangeFunctions.InstantValue(w, false);
            case "deriv":
                return RangeFunctions.Deriv(w);
            case "predict_linear":
                return RangeFunctions.PredictLinear(w, p0, t);
            case "changes":
                return RangeFunctions.Changes(w);
            case "resets":
                return RangeFunctions.Resets(w);
            case "avg_over_time":
                return RangeFunctions.AvgOverTime(w);
            case "sum_over_time":
                return RangeFunctions.SumOverTime(w);
            case "count_over_time":
                return RangeFunctions.CountOverTime(w);
            case "min_over_time":
                return RangeFunctions.MinOverTime(w);
            case "max_over_time":
                return RangeFunctions.MaxOverTime(w);
            case "stddev_over_time":
                return RangeFunctions.StddevOverTime(w);
            case "stdvar_over_time":
                return RangeFunctions.StdvarOverTime(w);
            case "last_over_time":
                return RangeFunctions.LastOverTime(w);
            case "first_over_time":
                return RangeFunctions.FirstOverTime(w);
            case "present_over_time":
                return RangeFunctions.PresentOverTime(w);
            case "mad_over_time":
                return RangeFunctions.MadOverTime(w);
            case "ts_of_min_over_time":
                return RangeFunctions.TsOfMinOverTime(w);
            case "ts_of_max_over_time":
                return RangeFunctions.TsOfMaxOverTime(w);
            case "ts_of_last_over_time":
                return RangeFunctions.TsOfLastOverTime(w);
            case "ts_of_first_over_time":
                return w[0].T / 1000.0;
            case "quantile_over_time":
                if (double.IsNaN(p0) || p0 < 0 || p0 > 1)
                {
                    Warn("quantile value should be between 0 and 1, got " + GoG(p0), c.Args[0]);
                }

                return RangeFunctions.QuantileOverTime(p0, w);
            case "double_exponential_smoothing":
                if (p0 <= 0 || p0 >= 1)
                {
                    throw new PromQLException(PromQLErrorType.Execution,
                        "invalid smoothing factor. Expected: 0 < sf < 1, got: " + FloatFormat.FormatF6(p0));
                }

                if (p1 <= 0 || p1 >= 1)
                {
                    throw new PromQLException(PromQLErrorType.Execution,
                        "invalid trend factor. Expected: 0 < tf < 1, got: " + FloatFormat.FormatF6(p1));
                }

                return RangeFunctions.DoubleExponentialSmoothing(w, p0, p1);
            default:
                throw new PromQLException(PromQLErrorType.Execution, $"function \"{name}\" is not supported by this engine");
        }
    }

    private readonly HashSet<string> _counterInfoNames = new(StringComparer.Ordinal);
    private string? _lastCounterInfoName;

    private static bool LooksLikeCounter(string metricName) =>
        metricName.Length == 0 || metricName.EndsWith("_total", StringComparison.Ordinal) ||
        metricName.EndsWith("_sum", StringComparison.Ordinal) || metricName.EndsWith("_count", StringComparison.Ordinal) ||
        metricName.EndsWith("_bucket", StringComparison.Ordinal);

    /// <summary>The "might not be a counter" info for a name that <see cref="LooksLikeCounter"/> rejected.</summary>
    private void CounterInfo(Call c, string metricName)
    {
        // Called per series: build the annotation text once per metric name, not per call.
        if (metricName == _lastCounterInfoName || !_counterInfoNames.Add(metricName))
        {
            _lastCounterInfoName = metricName;
            return;
        }

        _lastCounterInfoName = metricName;
        Info($"metric might not be a counter, name does not end in _total/_sum/_count/_bucket: {GoQuote(metricName)}", c.Args[0]);
    }
}
