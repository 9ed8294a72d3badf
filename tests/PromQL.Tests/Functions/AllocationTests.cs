using Tsdb.PromQL.Funcs;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Functions;

/// <summary>The per-series-per-step functions must not allocate.</summary>
public class AllocationTests
{
    [Fact]
    public void RangeAndHistogramFunctions_DoNotAllocate()
    {
        var window = new Sample[100];
        for (var i = 0; i < window.Length; i++)
        {
            window[i] = new Sample(i * 15_000L, i % 17 * 3.5);
        }

        var buckets = new Bucket[] { new(0.1, 1), new(1, 5), new(10, 4), new(double.PositiveInfinity, 9) };
        var allocated = Tsdb.Tests.Shared.AllocationProbe.LeastAllocated(() => Run(window, buckets));
        Assert.Equal(0, allocated);
    }

    private static double Run(Sample[] w, Bucket[] buckets)
    {
        double acc = 0;
        acc += RangeFunctions.ExtrapolatedRate(w, -10_000, 1_500_000, true, true) ?? 0;
        acc += RangeFunctions.InstantValue(w, true) ?? 0;
        acc += RangeFunctions.Deriv(w) ?? 0;
        acc += RangeFunctions.PredictLinear(w, 60, 1_500_000) ?? 0;
        acc += RangeFunctions.Changes(w) + RangeFunctions.Resets(w);
        acc += RangeFunctions.AvgOverTime(w) + RangeFunctions.SumOverTime(w) + RangeFunctions.CountOverTime(w);
        acc += RangeFunctions.MinOverTime(w) + RangeFunctions.MaxOverTime(w);
        acc += RangeFunctions.StddevOverTime(w) + RangeFunctions.StdvarOverTime(w);
        acc += RangeFunctions.LastOverTime(w) + RangeFunctions.FirstOverTime(w) + RangeFunctions.PresentOverTime(w);
        acc += RangeFunctions.MadOverTime(w) + RangeFunctions.QuantileOverTime(0.9, w);
        acc += RangeFunctions.TsOfMinOverTime(w) + RangeFunctions.TsOfMaxOverTime(w) + RangeFunctions.TsOfLastOverTime(w);
        acc += RangeFunctions.DoubleExponentialSmoothing(w, 0.5, 0.5) ?? 0;
        acc += HistogramMath.BucketQuantile(0.5, buckets, out _) + HistogramMath.BucketFraction(0, 1, buckets, out _);
        acc += MathFunctions.Apply("sqrt", 4) + MathFunctions.Round(1.5, 0.5) + MathFunctions.Clamp(1, 0, 2);
        acc += DateFunctions.Apply("year", 1e9);
        return acc;
    }
}
