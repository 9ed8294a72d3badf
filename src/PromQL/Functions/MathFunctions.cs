namespace Tsdb.PromQL.Funcs;

/// <summary>Per-sample math functions (abs, ceil, exp, ..., trigonometry, round, clamp, sgn).</summary>
public static class MathFunctions
{
    /// <summary>True for the names <see cref="Apply"/> handles: abs ceil exp floor ln log2 log10 sqrt sgn sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh deg rad.</summary>
    public static bool IsSimple(string name) => name switch
    {
        "abs" or "ceil" or "exp" or "floor" or "ln" or "log2" or "log10" or "sqrt" or "sgn"
            or "sin" or "cos" or "tan" or "asin" or "acos" or "atan"
            or "sinh" or "cosh" or "tanh" or "asinh" or "acosh" or "atanh"
            or "deg" or "rad" => true,
        _ => false,
    };

    /// <summary>Applies a function named by <see cref="IsSimple"/>; throws ArgumentException for other names.</summary>
    public static double Apply(string name, double v) => name switch
    {
        "abs" => Math.Abs(v),
        "ceil" => Math.Ceiling(v),
        "exp" => Math.Exp(v),
        "floor" => Math.Floor(v),
        "ln" => Math.Log(v),
        "log2" => Math.Log2(v),
        "log10" => Math.Log10(v),
        "sqrt" => Math.Sqrt(v),
        "sgn" => v < 0 ? -1 : v > 0 ? 1 : v,
        "sin" => Math.Sin(v),
        "cos" => Math.Cos(v),
        "tan" => Math.Tan(v),
        "asin" => Math.Asin(v),
        "acos" => Math.Acos(v),
        "atan" => Math.Atan(v),
        "sinh" => Math.Sinh(v),
        "cosh" => Math.Cosh(v),
        "tanh" => Math.Tanh(v),
        "asinh" => Math.Asinh(v),
        "acosh" => Math.Acosh(v),
        "atanh" => Math.Atanh(v),
        "deg" => v * 180 / Math.PI,
        "rad" => v * Math.PI / 180,
        _ => throw new ArgumentException("not a simple math function: " + name, nameof(name)),
    };

    /// <summary>round(v, toNearest) as Prometheus: floor(v * 1/toNearest + 0.5) / (1/toNearest).</summary>
    /// <remarks>Ties round up (towards +Inf); a negative toNearest works through its inverse; toNearest 0 gives NaN.</remarks>
    public static double Round(double v, double toNearest)
    {
        var inverse = 1.0 / toNearest;
        return Math.Floor(v * inverse + 0.5) / inverse;
    }

    /// <summary>clamp; NaN when min > max (the engine then drops the series, as Prometheus returns an empty vector).</summary>
    public static double Clamp(double v, double min, double max)
    {
        if (max < min)
        {
            return double.NaN;
        }

        return Math.Max(min, Math.Min(max, v));
    }
}
