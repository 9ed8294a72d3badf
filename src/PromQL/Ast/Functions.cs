using System.Collections.Frozen;

namespace Tsdb.PromQL.Ast;

/// <summary>
/// Every function of Prometheus's <c>promql/parser/functions.go</c>, experimental ones included, plus
/// <c>min_of</c>/<c>max_of</c> which the conformance scripts use. The evaluator looks implementations
/// up by <see cref="FunctionInfo.Name"/>.
/// </summary>
public static class Functions
{
    private const ValueType S = ValueType.Scalar;
    private const ValueType V = ValueType.Vector;
    private const ValueType M = ValueType.Matrix;
    private const ValueType Str = ValueType.String;

    private static readonly FrozenDictionary<string, FunctionInfo> ByName = Build().ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>All functions, by name.</summary>
    public static IReadOnlyDictionary<string, FunctionInfo> All => ByName;

    /// <summary>Looks a function up by its exact (case-sensitive) name.</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FunctionInfo? function) =>
        ByName.TryGetValue(name, out function);

    /// <summary>The function called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> if there is none.</summary>
    public static FunctionInfo Get(string name) =>
        ByName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"function \"{name}\" does not exist");

    private static IEnumerable<FunctionInfo> Build()
    {
        // Vector -> vector math.
        foreach (var n in (string[])["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg", "exp",
                     "floor", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sqrt", "tan", "tanh", "absent", "sort",
                     "sort_desc", "timestamp", "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev",
                     "histogram_stdvar"])
        {
            yield return new FunctionInfo(n, [V], V);
        }

        // Range vector -> vector.
        foreach (var n in (string[])["absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv", "idelta",
                     "increase", "irate", "last_over_time", "max_over_time", "min_over_time", "present_over_time", "rate",
                     "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time"])
        {
            yield return new FunctionInfo(n, [M], V);
        }

        foreach (var n in (string[])["first_over_time", "mad_over_time", "ts_of_first_over_time", "ts_of_max_over_time",
                     "ts_of_min_over_time", "ts_of_last_over_time"])
        {
            yield return new FunctionInfo(n, [M], V, experimental: true);
        }

        // Date functions: the vector is optional (defaults to vector(time())).
        foreach (var n in (string[])["days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year"])
        {
            yield return new FunctionInfo(n, [V], V, variadic: 1);
        }

        yield return new FunctionInfo("clamp", [V, S, S], V);
        yield return new FunctionInfo("clamp_max", [V, S], V);
        yield return new FunctionInfo("clamp_min", [V, S], V);
        yield return new FunctionInfo("double_exponential_smoothing", [M, S, S], V, experimental: true);
        yield return new FunctionInfo("histogram_fraction", [S, S, V], V);
        yield return new FunctionInfo("histogram_quantile", [S, V], V);
        yield return new FunctionInfo("histogram_quantiles", [V, Str, S, S], V, variadic: 9, experimental: true);
        yield return new FunctionInfo("info", [V, V], V, variadic: 1, experimental: true);
        yield return new FunctionInfo("integral", [M, S], V, variadic: 1, experimental: true);
        yield return new FunctionInfo("label_join", [V, Str, Str, Str], V, variadic: -1);
        yield return new FunctionInfo("label_replace", [V, Str, Str, Str, Str], V);
        yield return new FunctionInfo("predict_linear", [M, S], V);
        yield return new FunctionInfo("quantile_over_time", [S, M], V);
        yield return new FunctionInfo("round", [V, S], V, variadic: 1);
        yield return new FunctionInfo("scalar", [V], S);
        yield return new FunctionInfo("sort_by_label", [V, Str], V, variadic: -1, experimental: true);
        yield return new FunctionInfo("sort_by_label_desc", [V, Str], V, variadic: -1, experimental: true);
        yield return new FunctionInfo("vector", [S], V);
        yield return new FunctionInfo("pi", [], S);
        yield return new FunctionInfo("time", [], S);
        yield return new FunctionInfo("start", [], S, experimental: true);
        yield return new FunctionInfo("end", [], S, experimental: true);
        yield return new FunctionInfo("range", [], S, experimental: true);
        yield return new FunctionInfo("step", [], S, experimental: true);

        // Used by the conformance scripts (functions.test): math.Min / math.Max of two scalars.
        yield return new FunctionInfo("min_of", [S, S], S, experimental: true);
        yield return new FunctionInfo("max_of", [S, S], S, experimental: true);
    }
}
