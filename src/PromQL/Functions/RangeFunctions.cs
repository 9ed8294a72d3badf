using Tsdb.Storage;

namespace Tsdb.PromQL.Funcs;

/// <summary>
/// Functions over one series' range window (Prometheus promql/functions.go). A window holds the
/// samples in (rangeStart, rangeEnd], oldest first, without staleness markers (the engine drops
/// them). Times are milliseconds; results follow Prometheus exactly, including extrapolation.
/// </summary>
public static class RangeFunctions
{
    /// <summary>rate (isCounter, isRate), increase (isCounter), delta (neither); null with fewer than 2 samples.</summary>
    public static double? ExtrapolatedRate(ReadOnlySpan<Sample> window, long rangeStart, long rangeEnd, bool isCounter, bool isRate) => throw new NotImplementedException();

    /// <summary>irate (isRate) and idelta; null with fewer than 2 samples.</summary>
    public static double? InstantValue(ReadOnlySpan<Sample> window, bool isRate) => throw new NotImplementedException();

    /// <summary>deriv: least-squares slope per second; null with fewer than 2 samples.</summary>
    public static double? Deriv(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    /// <summary>predict_linear at evalTime + durationSeconds; null with fewer than 2 samples.</summary>
    public static double? PredictLinear(ReadOnlySpan<Sample> window, double durationSeconds, long evalTime) => throw new NotImplementedException();

    public static double Changes(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double Resets(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double AvgOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double SumOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double CountOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double MinOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double MaxOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double StddevOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double StdvarOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double LastOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double FirstOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double PresentOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double MadOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    /// <summary>ts_of_min_over_time: the timestamp (seconds) of the minimum (the latest one on ties, as Prometheus).</summary>
    public static double TsOfMinOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double TsOfMaxOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    public static double TsOfLastOverTime(ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    /// <summary>quantile_over_time; q outside [0, 1] gives ±Inf as Prometheus does (the engine adds the warning).</summary>
    public static double QuantileOverTime(double q, ReadOnlySpan<Sample> window) => throw new NotImplementedException();

    /// <summary>double_exponential_smoothing (formerly holt_winters); null with fewer than 2 samples.</summary>
    public static double? DoubleExponentialSmoothing(ReadOnlySpan<Sample> window, double smoothingFactor, double trendFactor) => throw new NotImplementedException();
}
