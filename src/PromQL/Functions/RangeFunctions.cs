using System.Buffers;
using System.Globalization;
using Tsdb.Storage;

namespace Tsdb.PromQL.Funcs;

/// <summary>
/// Functions over one series' range window (Prometheus promql/functions.go). A window holds the
/// samples in (rangeStart, rangeEnd], oldest first, without staleness markers (the engine drops
/// them). Times are milliseconds; results follow Prometheus exactly, including extrapolation.
/// </summary>
/// <remarks>
/// Functions returning a plain double return NaN for an empty window (Prometheus emits no sample
/// then; the engine is expected not to call them), except <see cref="CountOverTime"/> (0).
/// </remarks>
public static class RangeFunctions
{
    private const int StackLimit = 256;

    /// <summary>rate (isCounter, isRate), increase (isCounter), delta (neither); null with fewer than 2 samples.</summary>
    public static double? ExtrapolatedRate(ReadOnlySpan<Sample> window, long rangeStart, long rangeEnd, bool isCounter, bool isRate)
    {
        if (window.Length < 2)
        {
            return null;
        }

        var first = window[0];
        var last = window[^1];
        var result = last.V - first.V;
        if (isCounter)
        {
            for (var i = 1; i < window.Length; i++)
            {
                if (window[i].V < window[i - 1].V)
                {
                    result += window[i - 1].V;
                }
            }
        }

        var durationToStart = (first.T - rangeStart) / 1000.0;
        var durationToEnd = (rangeEnd - last.T) / 1000.0;
        var sampledInterval = (last.T - first.T) / 1000.0;
        var averageInterval = sampledInterval / (window.Length - 1);
        var threshold = averageInterval * 1.1;

        if (durationToStart >= threshold)
        {
            durationToStart = averageInterval / 2;
        }

        if (isCounter)
        {
            // A counter cannot go below zero: do not extrapolate beyond its zero point.
            var durationToZero = durationToStart;
            if (result > 0 && first.V >= 0)
            {
                durationToZero = sampledInterval * (first.V / result);
            }

            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }

        if (durationToEnd >= threshold)
        {
            durationToEnd = averageInterval / 2;
        }

        var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate)
        {
            factor /= (rangeEnd - rangeStart) / 1000.0;
        }

        return result * factor;
    }

    /// <summary>irate (isRate) and idelta; null with fewer than 2 samples.</summary>
    public static double? InstantValue(ReadOnlySpan<Sample> window, bool isRate)
    {
        if (window.Length < 2)
        {
            return null;
        }

        var prev = window[^2];
        var last = window[^1];
        var interval = last.T - prev.T;
        if (interval == 0)
        {
            return null;
        }

        // On a counter reset irate uses the last value as the increase.
        var result = isRate && last.V < prev.V ? last.V : last.V - prev.V;
        if (isRate)
        {
            result /= interval / 1000.0;
        }

        return result;
    }

    /// <summary>deriv: least-squares slope per second; null with fewer than 2 samples.</summary>
    public static double? Deriv(ReadOnlySpan<Sample> window)
    {
        if (window.Length < 2)
        {
            return null;
        }

        // Intercept time near the samples for accuracy, as Prometheus.
        LinearRegression(window, window[0].T, out var slope, out _);
        return slope;
    }

    /// <summary>predict_linear at evalTime + durationSeconds; null with fewer than 2 samples.</summary>
    public static double? PredictLinear(ReadOnlySpan<Sample> window, double durationSeconds, long evalTime)
    {
        if (window.Length < 2)
        {
            return null;
        }

        LinearRegression(window, evalTime, out var slope, out var intercept);
        return slope * durationSeconds + intercept;
    }

    private static void LinearRegression(ReadOnlySpan<Sample> samples, long interceptTime, out double slope, out double intercept)
    {
        double n = 0;
        double sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        var initY = samples[0].V;
        var constY = true;
        for (var i = 0; i < samples.Length; i++)
        {
            var s = samples[i];
            if (constY && i > 0 && s.V != initY)
            {
                constY = false;
            }

            n += 1;
            var x = (s.T - interceptTime) / 1e3;
            Kahan.Inc(x, ref sumX, ref cX);
            Kahan.Inc(s.V, ref sumY, ref cY);
            Kahan.Inc(x * s.V, ref sumXY, ref cXY);
            Kahan.Inc(x * x, ref sumX2, ref cX2);
        }

        if (constY)
        {
            if (double.IsInfinity(initY))
            {
                slope = double.NaN;
                intercept = double.NaN;
                return;
            }

            slope = 0;
            intercept = initY;
            return;
        }

        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;

        var covXY = sumXY - sumX * sumY / n;
        var varX = sumX2 - sumX * sumX / n;
        slope = covXY / varX;
        intercept = sumY / n - slope * sumX / n;
    }

    /// <summary>changes: the number of value changes; NaN followed by NaN is no change, NaN next to a number is.</summary>
    public static double Changes(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        var changes = 0;
        for (var i = 1; i < window.Length; i++)
        {
            var prev = window[i - 1].V;
            var cur = window[i].V;
            if (cur != prev && !(double.IsNaN(cur) && double.IsNaN(prev)))
            {
                changes++;
            }
        }

        return changes;
    }

    /// <summary>resets: the number of decreases (comparisons with NaN are never a decrease).</summary>
    public static double Resets(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        var resets = 0;
        for (var i = 1; i < window.Length; i++)
        {
            if (window[i].V < window[i - 1].V)
            {
                resets++;
            }
        }

        return resets;
    }

    /// <summary>avg_over_time: Kahan-compensated direct mean, switching to an incremental mean when the sum would overflow.</summary>
    public static double AvgOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        // The running sum is Kahan.Inc written out over locals (a call with ref arguments kept them in memory);
        // the operations and their order are Kahan.Inc's, so the result is the same bit for bit.
        var sum = window[0].V;
        var c = 0.0;
        var i = 1;
        for (; i < window.Length; i++)
        {
            var v = window[i].V;
            var t = sum + v;
            if (double.IsInfinity(t))
            {
                break;
            }

            c += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }

        if (i == window.Length)
        {
            return sum / window.Length + c / window.Length;
        }

        // The sum overflowed: continue with an incremental mean from the samples before this one.
        double count = i;
        var mean = sum / count;
        c /= count;
        for (; i < window.Length; i++)
        {
            count = i + 1;
            var q = (count - 1) / count;
            mean *= q;
            c *= q;
            Kahan.Inc(window[i].V / count, ref mean, ref c);
        }

        return mean + c;
    }

    /// <summary>sum_over_time with Kahan (Neumaier) summation.</summary>
    public static double SumOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0, c = 0;
        for (var i = 0; i < window.Length; i++)
        {
            Kahan.Inc(window[i].V, ref sum, ref c);
        }

        return double.IsInfinity(sum) ? sum : sum + c;
    }

    public static double CountOverTime(ReadOnlySpan<Sample> window) => window.Length;

    /// <summary>min_over_time; a NaN is replaced by any later value, so NaN only results when all are NaN.</summary>
    public static double MinOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        var min = window[0].V;
        for (var i = 1; i < window.Length; i++)
        {
            var v = window[i].V;
            if (v < min || double.IsNaN(min))
            {
                min = v;
            }
        }

        return min;
    }

    /// <summary>max_over_time; a NaN is replaced by any later value, so NaN only results when all are NaN.</summary>
    public static double MaxOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        var max = window[0].V;
        for (var i = 1; i < window.Length; i++)
        {
            var v = window[i].V;
            if (v > max || double.IsNaN(max))
            {
                max = v;
            }
        }

        return max;
    }

    public static double StddevOverTime(ReadOnlySpan<Sample> window) => Math.Sqrt(StdvarOverTime(window));

    /// <summary>stdvar_over_time: population variance by Welford's method with compensated sums, as Prometheus.</summary>
    public static double StdvarOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
        for (var i = 0; i < window.Length; i++)
        {
            var v = window[i].V;
            count++;
            var delta = v - (mean + cMean);
            Kahan.Inc(delta / count, ref mean, ref cMean);
            Kahan.Inc(delta * (v - (mean + cMean)), ref aux, ref cAux);
        }

        return (aux + cAux) / count;
    }

    public static double LastOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? double.NaN : window[^1].V;

    public static double FirstOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? double.NaN : window[0].V;

    public static double PresentOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? double.NaN : 1;

    /// <summary>mad_over_time: the median of the absolute deviations from the median; NaN if any sample is NaN (as Prometheus's tests require).</summary>
    public static double MadOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        for (var i = 0; i < window.Length; i++)
        {
            if (double.IsNaN(window[i].V))
            {
                return double.NaN;
            }
        }

        double[]? rented = null;
        var values = window.Length <= StackLimit
            ? stackalloc double[window.Length]
            : (rented = ArrayPool<double>.Shared.Rent(window.Length)).AsSpan(0, window.Length);
        try
        {
            for (var i = 0; i < window.Length; i++)
            {
                values[i] = window[i].V;
            }

            var median = QuantileMath.Quantile(0.5, values);
            for (var i = 0; i < window.Length; i++)
            {
                values[i] = Math.Abs(window[i].V - median);
            }

            return QuantileMath.Quantile(0.5, values);
        }
        finally
        {
            if (rented != null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>ts_of_min_over_time: the timestamp (seconds) of the minimum (the latest one on ties, as Prometheus).</summary>
    public static double TsOfMinOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        var min = window[0].V;
        var ts = window[0].T;
        for (var i = 0; i < window.Length; i++)
        {
            var v = window[i].V;
            if (v <= min || double.IsNaN(min))
            {
                min = v;
                ts = window[i].T;
            }
        }

        return ts / 1000.0;
    }

    /// <summary>ts_of_max_over_time: the timestamp (seconds) of the maximum (the latest one on ties).</summary>
    public static double TsOfMaxOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return double.NaN;
        }

        var max = window[0].V;
        var ts = window[0].T;
        for (var i = 0; i < window.Length; i++)
        {
            var v = window[i].V;
            if (v >= max || double.IsNaN(max))
            {
                max = v;
                ts = window[i].T;
            }
        }

        return ts / 1000.0;
    }

    /// <summary>ts_of_first_over_time: the timestamp (seconds) of the first sample.</summary>
    public static double TsOfFirstOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? double.NaN : window[0].T / 1000.0;

    public static double TsOfLastOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? double.NaN : window[^1].T / 1000.0;

    /// <summary>quantile_over_time; q outside [0, 1] gives ±Inf as Prometheus does (the engine adds the warning).</summary>
    public static double QuantileOverTime(double q, ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty || double.IsNaN(q))
        {
            return double.NaN;
        }

        if (q < 0)
        {
            return double.NegativeInfinity;
        }

        if (q > 1)
        {
            return double.PositiveInfinity;
        }

        double[]? rented = null;
        var values = window.Length <= StackLimit
            ? stackalloc double[window.Length]
            : (rented = ArrayPool<double>.Shared.Rent(window.Length)).AsSpan(0, window.Length);
        try
        {
            for (var i = 0; i < window.Length; i++)
            {
                values[i] = window[i].V;
            }

            return QuantileMath.Quantile(q, values);
        }
        finally
        {
            if (rented != null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// double_exponential_smoothing (formerly holt_winters); null with fewer than 2 samples. Throws
    /// PromQLException(Execution) with Prometheus's text unless 0 &lt; sf &lt; 1 and 0 &lt; tf &lt; 1
    /// (checked before the sample count, as Prometheus; NaN passes the check as in Prometheus).
    /// </summary>
    public static double? DoubleExponentialSmoothing(ReadOnlySpan<Sample> window, double smoothingFactor, double trendFactor)
    {
        if (smoothingFactor <= 0 || smoothingFactor >= 1)
        {
            throw new PromQLException(PromQLErrorType.Execution,
                "invalid smoothing factor. Expected: 0 < sf < 1, got: " + FormatGoF(smoothingFactor));
        }

        if (trendFactor <= 0 || trendFactor >= 1)
        {
            throw new PromQLException(PromQLErrorType.Execution,
                "invalid trend factor. Expected: 0 < tf < 1, got: " + FormatGoF(trendFactor));
        }

        if (window.Length < 2)
        {
            return null;
        }

        var sf = smoothingFactor;
        var tf = trendFactor;
        double s0 = 0;
        var s1 = window[0].V;
        var b = window[1].V - window[0].V;
        for (var i = 1; i < window.Length; i++)
        {
            var x = sf * window[i].V;
            // Trend: at the first step the initial trend is used as is.
            if (i > 1)
            {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }

            var y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }

        return s1;
    }

    /// <summary>Go's <c>%f</c>: six decimals, "+Inf", "-Inf", "NaN".</summary>
    private static string FormatGoF(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        return v.ToString("F6", CultureInfo.InvariantCulture);
    }
}
