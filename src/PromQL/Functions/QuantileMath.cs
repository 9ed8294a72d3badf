namespace Tsdb.PromQL.Funcs;

/// <summary>Prometheus's quantile over plain values (quantile() aggregation, quantile_over_time).</summary>
public static class QuantileMath
{
    /// <summary>Sorts <paramref name="values"/> in place; NaN for an empty span; q &lt; 0 → -Inf, q &gt; 1 → +Inf.</summary>
    public static double Quantile(double q, Span<double> values) => throw new NotImplementedException();
}
