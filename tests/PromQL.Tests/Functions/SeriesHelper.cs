using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Functions;

/// <summary>Builds series as promqltest's <c>load</c> does and cuts Prometheus 3 windows (start, end].</summary>
internal static class SeriesHelper
{
    public const long Second = 1000;
    public const long Minute = 60 * Second;

    /// <summary>Samples at 0, step, 2·step… with the given values.</summary>
    public static Sample[] Load(long stepMs, params double[] values)
    {
        var result = new Sample[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = new Sample(i * stepMs, values[i]);
        }

        return result;
    }

    /// <summary>promqltest's <c>a+bxN</c>: N+1 values a, a+b, …</summary>
    public static double[] Seq(double start, double inc, int times)
    {
        var r = new double[times + 1];
        for (var i = 0; i <= times; i++)
        {
            r[i] = start + inc * i;
        }

        return r;
    }

    public static double[] Concat(params double[][] parts)
    {
        var list = new List<double>();
        foreach (var p in parts)
        {
            list.AddRange(p);
        }

        return [.. list];
    }

    /// <summary>The samples in (evalTime - range, evalTime].</summary>
    public static Sample[] Window(Sample[] series, long evalTime, long range)
    {
        var list = new List<Sample>();
        foreach (var s in series)
        {
            if (s.T > evalTime - range && s.T <= evalTime)
            {
                list.Add(s);
            }
        }

        return [.. list];
    }

    public static void Close(double expected, double? actual, double relTol = 1e-12)
    {
        Assert.True(actual.HasValue, "expected a value, got none");
        Close(expected, actual!.Value, relTol);
    }

    public static void Close(double expected, double actual, double relTol = 1e-12)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"expected NaN, got {actual}");
            return;
        }

        if (double.IsInfinity(expected) || expected == 0)
        {
            Assert.Equal(expected, actual);
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= relTol * Math.Abs(expected),
            $"expected {expected:R}, got {actual:R}");
    }
}
