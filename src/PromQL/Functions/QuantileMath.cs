namespace Tsdb.PromQL.Funcs;

/// <summary>Prometheus's quantile over plain values (quantile() aggregation, quantile_over_time).</summary>
public static class QuantileMath
{
    /// <summary>Sorts <paramref name="values"/> in place; NaN for an empty span or NaN q; q &lt; 0 → -Inf, q &gt; 1 → +Inf.
    /// NaN values sort first (as Prometheus); between two ranks the result is linearly interpolated.</summary>
    public static double Quantile(double q, Span<double> values)
    {
        if (values.IsEmpty || double.IsNaN(q))
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

        // double's default ordering puts NaN first, as Prometheus's vectorByValueHeap.
        values.Sort();

        double n = values.Length;
        var rank = q * (n - 1);
        var lower = Math.Max(0, Math.Floor(rank));
        var upper = Math.Min(n - 1, lower + 1);
        var weight = rank - Math.Floor(rank);
        return values[(int)lower] * (1 - weight) + values[(int)upper] * weight;
    }
}
