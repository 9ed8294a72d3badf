namespace Tsdb.PromQL.Funcs;

/// <summary>
/// Relative float comparison (Prometheus util/almost.Equal), used by promqltest's result comparison
/// (epsilon 1e-6) and by histogram bucket monotonicity checks: any two NaNs are equal (so a staleness
/// marker equals NaN, as in Prometheus), equal values are equal, and otherwise the difference relative to
/// the sum of magnitudes must be below epsilon; near zero the difference must be below epsilon times the
/// smallest normal double.
/// </summary>
public static class AlmostEqual
{
    /// <summary>test.go defaultEpsilon: the relative error allowed for sample values.</summary>
    public const double DefaultEpsilon = 0.000001;

    private static readonly double MinNormal = BitConverter.UInt64BitsToDouble(0x0010000000000000UL);

    public static bool Equal(double a, double b, double epsilon = DefaultEpsilon)
    {
        if (double.IsNaN(a) && double.IsNaN(b))
        {
            return true;
        }

        if (a == b)
        {
            return true;
        }

        var absSum = Math.Abs(a) + Math.Abs(b);
        var diff = Math.Abs(a - b);
        if (a == 0 || b == 0 || absSum < MinNormal)
        {
            return diff < epsilon * MinNormal;
        }

        return diff / Math.Min(absSum, double.MaxValue) < epsilon;
    }
}
