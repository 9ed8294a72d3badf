namespace Tsdb.PromQL.Funcs;

/// <summary>Per-sample math functions (abs, ceil, exp, ..., trigonometry, round, clamp, sgn).</summary>
public static class MathFunctions
{
    /// <summary>True for the names <see cref="Apply"/> handles: abs ceil exp floor ln log2 log10 sqrt sgn sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh deg rad.</summary>
    public static bool IsSimple(string name) => throw new NotImplementedException();

    public static double Apply(string name, double v) => throw new NotImplementedException();

    /// <summary>round(v, toNearest) as Prometheus: floor(v * 1/toNearest + 0.5) / (1/toNearest).</summary>
    public static double Round(double v, double toNearest) => throw new NotImplementedException();

    /// <summary>clamp; NaN when min > max (the engine then drops the series, as Prometheus returns an empty vector).</summary>
    public static double Clamp(double v, double min, double max) => throw new NotImplementedException();
}
