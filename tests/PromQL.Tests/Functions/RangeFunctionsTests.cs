using Tsdb.PromQL.Funcs;
using Tsdb.Storage;
using static Tsdb.PromQL.Tests.Functions.SeriesHelper;

namespace Tsdb.PromQL.Tests.Functions;

/// <summary>Values from Prometheus's promqltest functions.test, evaluated directly on windows.</summary>
public class RangeFunctionsTests
{
    private static double? Rate(Sample[] series, long at, long range) =>
        RangeFunctions.ExtrapolatedRate(Window(series, at, range), at - range, at, true, true);

    private static double? Increase(Sample[] series, long at, long range) =>
        RangeFunctions.ExtrapolatedRate(Window(series, at, range), at - range, at, true, false);

    private static double? Delta(Sample[] series, long at, long range) =>
        RangeFunctions.ExtrapolatedRate(Window(series, at, range), at - range, at, false, false);

    public static TheoryData<double[], long, double> IncreaseCases => new()
    {
        // increase(http_requests_total[50m]) at 50m
        { Seq(0, 10, 10), 50, 100 },
        { Concat(Seq(0, 18, 5), Seq(0, 18, 5)), 50, 160 },
        { Seq(10, 10, 10), 50, 100 },
        { Seq(1, 10, 10), 50, 100 },
        // [100m]: zero-point clamp of the left extrapolation
        { Seq(0, 10, 10), 100, 100 },
        { Concat(Seq(0, 18, 5), Seq(0, 18, 5)), 100, 162 },
        { Seq(10, 10, 10), 100, 105 },
        { Seq(1, 10, 10), 100, 101 },
    };

    [Theory]
    [MemberData(nameof(IncreaseCases))]
    public void Increase_MatchesPrometheus(double[] values, long rangeMinutes, double expected) =>
        Close(expected, Increase(Load(5 * Minute, values), 50 * Minute, rangeMinutes * Minute));

    [Fact]
    public void Increase_CounterResetCountsFromZero() =>
        Close(7, Increase(Load(5 * Minute, 0, 1, 2, 3, 2, 3, 4), 30 * Minute, 30 * Minute));

    [Fact]
    public void Rate_ResetInTheMiddle() =>
        Close(0.08, Rate(Load(5 * Minute, Concat(Seq(0, 27, 4), Seq(0, 27, 5))), 50 * Minute, 50 * Minute));

    [Fact]
    public void Rate_ResetAtTheEnd()
    {
        var s = Load(5 * Minute, Concat(Seq(0, 10, 9), [0, 10]));
        Assert.Null(Rate(s, 50 * Minute, 5 * Minute));
        Close(0, Rate(s, 50 * Minute, 6 * Minute));
    }

    [Fact]
    public void Rate_PerSecond()
    {
        Close(0.26666666666666666, Rate(Load(5 * Minute, Seq(0, 80, 10)), 50 * Minute, 50 * Minute));
        // offset 5m: the window ends at 45m
        Close(0.03333333333333333, Rate(Load(5 * Minute, Seq(0, 10, 10)), 45 * Minute, 10 * Minute));
        Close(0.06666666666666667, Rate(Load(5 * Minute, Seq(0, 20, 10)), 45 * Minute, 10 * Minute));
    }

    [Theory]
    [InlineData(0, 10, 0.5)]
    [InlineData(60, 10, 0.55)]
    [InlineData(120, 10, 0.6)]
    [InlineData(180, 10, 0.6)]
    [InlineData(300, 10, 0.6)]
    [InlineData(0, 50, 0.6)]
    [InlineData(300, 50, 0.6)]
    public void Rate_ZeroCutoff(double start, long atMinutes, double expected) =>
        Close(expected, Rate(Load(4 * Minute, Seq(start, 240, 10)), atMinutes * Minute, 20 * Minute));

    [Fact]
    public void Delta_ExtrapolatesGauges()
    {
        Close(200, Delta(Load(5 * Minute, 0, 50, 100, 150, 200), 20 * Minute, 20 * Minute));
        Close(-200, Delta(Load(5 * Minute, 200, 150, 100, 50, 0), 20 * Minute, 20 * Minute));
    }

    [Fact]
    public void ExtrapolatedRate_FewerThanTwoSamples_IsNull()
    {
        Assert.Null(RangeFunctions.ExtrapolatedRate([], 0, 1000, true, true));
        Assert.Null(RangeFunctions.ExtrapolatedRate([new Sample(500, 1)], 0, 1000, true, true));
    }

    [Fact]
    public void ExtrapolatedRate_SamplesFarFromBoundaries_ExtrapolateHalfAnInterval()
    {
        // samples at 40s..60s every 10s, range (0, 100s]: both ends beyond 1.1 × 10s.
        var w = new[] { new Sample(40_000, 10), new Sample(50_000, 20), new Sample(60_000, 30) };
        // delta: 20 over 20s, extrapolated by 5s each side → 30s → 30
        Close(30, RangeFunctions.ExtrapolatedRate(w, 0, 100_000, false, false));
        // 11s to the start is exactly 1.1×: still not "close enough" (>=)
        var w2 = new[] { new Sample(11_000, 10), new Sample(21_000, 20), new Sample(31_000, 30) };
        Close(25 * 1.0, RangeFunctions.ExtrapolatedRate(w2, 0, 31_000, false, false));
    }

    [Fact]
    public void Irate_And_Idelta()
    {
        var foo = Load(5 * Minute, Seq(0, 10, 10));
        var bar = Load(5 * Minute, Concat(Seq(0, 10, 5), Seq(0, 10, 5)));
        Close(0.03333333333333333, RangeFunctions.InstantValue(Window(foo, 50 * Minute, 50 * Minute), true));
        Close(0.03333333333333333, RangeFunctions.InstantValue(Window(bar, 50 * Minute, 50 * Minute), true));
        // counter reset: the new value is the increase
        Close(0, RangeFunctions.InstantValue(Window(bar, 30 * Minute, 50 * Minute), true));
        Close(50, RangeFunctions.InstantValue(Window(Load(5 * Minute, 0, 50, 100, 150), 20 * Minute, 20 * Minute), false));
        Close(-50, RangeFunctions.InstantValue(Window(Load(5 * Minute, 0, 50, 100, 50), 20 * Minute, 20 * Minute), false));
    }

    [Theory]
    [InlineData(5, double.NaN, double.NaN)]
    [InlineData(10, double.NaN, double.NaN)]
    [InlineData(15, double.NaN, double.NaN)]
    [InlineData(20, 0.02, 6)]
    public void Irate_Idelta_WithNaN(long atMinutes, double irate, double idelta)
    {
        var s = Load(5 * Minute, 1, double.NaN, double.NaN, 5, 11);
        var w = Window(s, atMinutes * Minute, 15 * Minute + Second);
        Close(irate, RangeFunctions.InstantValue(w, true));
        Close(idelta, RangeFunctions.InstantValue(w, false));
    }

    [Fact]
    public void InstantValue_Edges()
    {
        Assert.Null(RangeFunctions.InstantValue([new Sample(0, 1)], true));
        Assert.Null(RangeFunctions.InstantValue([new Sample(0, 1), new Sample(0, 2)], false));
    }

    [Fact]
    public void Deriv_MatchesPrometheus()
    {
        Close(0.26666666666666666, RangeFunctions.Deriv(Window(Load(5 * Minute, Seq(0, 80, 10)), 50 * Minute, 50 * Minute)));
        var resetMiddle = Load(5 * Minute, Concat(Seq(0, 10, 4), Seq(0, 10, 5)));
        Close(0.010606060606060607, RangeFunctions.Deriv(Window(resetMiddle, 50 * Minute, 100 * Minute)));
        var inf = Load(5 * Minute, Concat([double.NegativeInfinity], Seq(0, 80, 10), [double.PositiveInfinity]));
        Close(double.NaN, RangeFunctions.Deriv(Window(inf, 100 * Minute, 100 * Minute)));
        Assert.Null(RangeFunctions.Deriv([new Sample(0, 1)]));
        // constant values: slope 0 exactly; constant Inf: NaN
        Assert.Equal(0.0, RangeFunctions.Deriv(Load(1000, 3, 3, 3)));
        Close(double.NaN, RangeFunctions.Deriv(Load(1000, double.PositiveInfinity, double.PositiveInfinity)));
    }

    [Fact]
    public void PredictLinear_MatchesPrometheus()
    {
        var s = Load(5 * Minute, Concat(Seq(0, 10, 4), Seq(0, 10, 5)));
        Close(70, RangeFunctions.PredictLinear(Window(s, 50 * Minute, 50 * Minute), 3600, 50 * Minute), 1e-9);
        // @ 3000 with [55m] holds all samples; the intercept is at the evaluation time.
        var all = Window(s, 3000 * Second, 55 * Minute);
        Close(76.81818181818181, RangeFunctions.PredictLinear(all, 3600, 50 * Minute), 1e-9);
        Close(51.36363636363637, RangeFunctions.PredictLinear(all, 3600, 10 * Minute), 1e-9);
        Close(89.54545454545455, RangeFunctions.PredictLinear(all, 3600, 70 * Minute), 1e-9);
        var inf = Load(5 * Minute, Concat([double.NegativeInfinity], Seq(0, 80, 10), [double.PositiveInfinity]));
        Close(double.NaN, RangeFunctions.PredictLinear(Window(inf, 100 * Minute, 100 * Minute), 6000, 100 * Minute));
        Assert.Null(RangeFunctions.PredictLinear([new Sample(0, 1)], 10, 0));
    }

    public static TheoryData<double[], long, double, double> ChangesResetsCases => new()
    {
        // values, range minutes, changes, resets (at 50m, 5m steps)
        { [1, 2, 3, 0, 1, 0, 0, 1, 2, 0], 10, 0, 0 },
        { [1, 2, 3, 0, 1, 0, 0, 1, 2, 0], 20, 2, 1 },
        { [1, 2, 3, 0, 1, 0, 0, 1, 2, 0], 30, 3, 1 },
        { [1, 2, 3, 0, 1, 0, 0, 1, 2, 0], 50, 7, 3 },
        { [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], 20, 2, 0 },
        { [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], 30, 4, 0 },
        { [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], 50, 8, 1 },
        { [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 50, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(ChangesResetsCases))]
    public void Changes_Resets(double[] values, long rangeMinutes, double changes, double resets)
    {
        var w = Window(Load(5 * Minute, values), 50 * Minute, rangeMinutes * Minute);
        Assert.Equal(changes, RangeFunctions.Changes(w));
        Assert.Equal(resets, RangeFunctions.Resets(w));
    }

    [Fact]
    public void Changes_NaN()
    {
        Assert.Equal(0, RangeFunctions.Changes(Load(5 * Minute, double.NaN, double.NaN, double.NaN)));
        Assert.Equal(2, RangeFunctions.Changes(Load(5 * Minute, 0, double.NaN, 0)));
        Assert.Equal(0, RangeFunctions.Resets(Load(5 * Minute, 0, double.NaN, 0)));
        Assert.Equal(0, RangeFunctions.Changes([new Sample(0, 1)]));
        Assert.Equal(0, RangeFunctions.Resets([new Sample(0, 1)]));
    }

    [Fact]
    public void DoubleExponentialSmoothing_MatchesPrometheus()
    {
        long at = 8000 * Second;
        Close(8000, Des(Seq(0, 10, 1000), at), 1e-9);
        Close(16000, Des(Seq(0, 20, 1000), at), 1e-9);
        Close(32000, Des(Seq(0, 40, 2000), at), 1e-9);
        Close(1, Des(Seq(8000, -10, 1000), at)!.Value + 1, 1e-9); // 0, shifted: zero expectations compare exactly
        Close(-16000, Des(Seq(0, -20, 1000), at), 1e-9);

        static double? Des(double[] values, long at) =>
            RangeFunctions.DoubleExponentialSmoothing(Window(Load(10 * Second, values), at, Minute), 0.01, 0.1);
    }

    [Fact]
    public void DoubleExponentialSmoothing_SmallWindow()
    {
        Assert.Null(RangeFunctions.DoubleExponentialSmoothing([new Sample(0, 1)], 0.5, 0.5));
        // two samples: s1 = sf·v1 + (1-sf)(v0 + (v1-v0)) = v1
        Close(5, RangeFunctions.DoubleExponentialSmoothing(Load(1000, 3, 5), 0.3, 0.6));
        // hand computed: 1, 3, 4 with sf = tf = 0.5
        // i=1: b=2, s1 = 1.5 + 0.5·(1+2) = 3; i=2: b = 0.5·(3-1) + 0.5·2 = 2, s1 = 2 + 0.5·(3+2) = 4.5
        Close(4.5, RangeFunctions.DoubleExponentialSmoothing(Load(1000, 1, 3, 4), 0.5, 0.5));
    }

    [Theory]
    [InlineData(0, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000")]
    [InlineData(1, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000")]
    [InlineData(-0.5, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: -0.500000")]
    [InlineData(0.5, 1.5, "invalid trend factor. Expected: 0 < tf < 1, got: 1.500000")]
    [InlineData(0.5, double.PositiveInfinity, "invalid trend factor. Expected: 0 < tf < 1, got: +Inf")]
    public void DoubleExponentialSmoothing_Validation(double sf, double tf, string message)
    {
        var ex = Assert.Throws<PromQLException>(() => RangeFunctions.DoubleExponentialSmoothing(Load(1000, 1, 2), sf, tf));
        Assert.Equal(PromQLErrorType.Execution, ex.Type);
        Assert.Equal(message, ex.Message);
        // validated before the sample count, as Prometheus
        Assert.Throws<PromQLException>(() => RangeFunctions.DoubleExponentialSmoothing([], sf, tf));
    }

    public static TheoryData<double[], double> AvgCases => new()
    {
        { [1, 2, 3, 4, 5], 3 },
        { [1, 2, 3, 4, double.PositiveInfinity], double.PositiveInfinity },
        { [1, 2, 3, 4, double.NegativeInfinity], double.NegativeInfinity },
        { [1, 2, 3, double.PositiveInfinity, double.NegativeInfinity], double.NaN },
        { [double.PositiveInfinity, 0, double.PositiveInfinity], double.PositiveInfinity },
        { [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity], double.NaN },
        { [1, 2, 3, double.NegativeInfinity, double.NegativeInfinity], double.NegativeInfinity },
        { [double.NegativeInfinity, 0, double.NegativeInfinity], double.NegativeInfinity },
        { [1, 2, double.NegativeInfinity, double.NegativeInfinity, double.PositiveInfinity], double.NaN },
        { [9.988465674311579e+307, 9.988465674311579e+307], 9.988465674311579e+307 },
        { [-9.988465674311579e+307, -9.988465674311579e+307, -9.988465674311579e+307], -9.988465674311579e+307 },
        { [-9.988465674311579e+307, 9.988465674311579e+307], 0 },
        { [1, 2, 3, double.NaN, double.NaN], double.NaN },
        { [1, 1e100, 1, -1e100], 0.5 },
        { [5], 5 },
    };

    [Theory]
    [MemberData(nameof(AvgCases))]
    public void AvgOverTime_MatchesPrometheus(double[] values, double expected) =>
        Close(expected, RangeFunctions.AvgOverTime(Load(10 * Second, values)));

    [Fact]
    public void SumOverTime_KahanAndOverflow()
    {
        Assert.Equal(2, RangeFunctions.SumOverTime(Load(10 * Second, 1, 1e100, 1, -1e100)));
        Assert.Equal(double.PositiveInfinity, RangeFunctions.SumOverTime(Load(10 * Second, 9.988465674311579e+307, 9.988465674311579e+307)));
        var ones = Load(1, Seq(1, 0, 4000));
        Assert.Equal(1000, RangeFunctions.SumOverTime(Window(ones, 4 * Second, 1000)));
        Assert.Equal(1001, RangeFunctions.SumOverTime(Window(ones, 4 * Second, 1001)));
    }

    [Fact]
    public void AvgOverTime_IsBitIdenticalToTheKahanIncReference()
    {
        var rng = new Random(7);
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.7e308, -1.7e308, 9e307, 1e-300, -0.0];
        for (var run = 0; run < 5000; run++)
        {
            var values = new double[1 + rng.Next(40)];
            var scale = Math.Pow(10, rng.Next(-5, 309));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = rng.Next(25) == 0 ? specials[rng.Next(specials.Length)] : (rng.NextDouble() - 0.3) * scale;
            }

            var w = Load(10 * Second, values);
            Assert.Equal(BitConverter.DoubleToInt64Bits(ReferenceAvg(w)), BitConverter.DoubleToInt64Bits(RangeFunctions.AvgOverTime(w)));
        }
    }

    /// <summary>avg_over_time as Prometheus writes it, through Kahan.Inc at every step.</summary>
    private static double ReferenceAvg(ReadOnlySpan<Sample> window)
    {
        var sum = window[0].V;
        double count = 1, mean = 0, c = 0;
        var incremental = false;
        for (var i = 1; i < window.Length; i++)
        {
            var v = window[i].V;
            count = i + 1;
            if (!incremental)
            {
                var newSum = sum;
                var newC = c;
                Kahan.Inc(v, ref newSum, ref newC);
                if (!double.IsInfinity(newSum))
                {
                    sum = newSum;
                    c = newC;
                    continue;
                }

                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }

            var q = (count - 1) / count;
            mean *= q;
            c *= q;
            Kahan.Inc(v / count, ref mean, ref c);
        }

        return incremental ? mean + c : sum / count + c / count;
    }

    [Fact]
    public void AvgOverTime_ConstantIsExact()
    {
        var foo = Load(10 * Second, Seq(52, 0, 100));
        foreach (var range in new long[] { 100, 110, 120, 130 })
        {
            Assert.Equal(52, RangeFunctions.AvgOverTime(Window(foo, 10 * Minute, range * Second)));
        }
    }

    [Fact]
    public void StdvarStddev_MatchPrometheus()
    {
        var w = Window(Load(10 * Second, 0, 8, 8, 2, 3), Minute, 2 * Minute);
        Close(10.56, RangeFunctions.StdvarOverTime(w));
        Close(3.249615, RangeFunctions.StddevOverTime(w), 1e-6);
        var same = Load(10 * Second, 1.5990505637277868, 1.5990505637277868, 1.5990505637277868);
        Assert.Equal(0, RangeFunctions.StdvarOverTime(same));
        Assert.Equal(0, RangeFunctions.StddevOverTime(same));
        Assert.Equal(0, RangeFunctions.StdvarOverTime([new Sample(0, 7)]));
    }

    [Fact]
    public void MinMaxOverTime_NaNHandling()
    {
        var w = Load(1000, double.NaN, 3, 1, double.NaN, 2);
        Assert.Equal(1, RangeFunctions.MinOverTime(w));
        Assert.Equal(3, RangeFunctions.MaxOverTime(w));
        Close(double.NaN, RangeFunctions.MinOverTime(Load(1000, double.NaN, double.NaN)));
        Close(double.NaN, RangeFunctions.MaxOverTime(Load(1000, double.NaN)));
        Assert.Equal(double.NegativeInfinity, RangeFunctions.MinOverTime(Load(1000, 1, double.NegativeInfinity)));
    }

    [Fact]
    public void MadOverTime_MatchesPrometheus()
    {
        Assert.Equal(1, RangeFunctions.MadOverTime(Window(Load(10 * Second, 4, 6, 2, 1, 999, 1, 2), 70 * Second, 70 * Second)));
        Assert.Equal(1, RangeFunctions.MadOverTime(Window(Load(10 * Second, 1, 2, 3, 4, 5), 40 * Second, 50 * Second)));
        Assert.Equal(0, RangeFunctions.MadOverTime(Load(10 * Second, 7, 7, 7, 7, 7)));
        Assert.Equal(0, RangeFunctions.MadOverTime(Load(10 * Second, 5)));
        Close(double.NaN, RangeFunctions.MadOverTime(Load(10 * Second, 1, 2, double.NaN, 4)));
        // a window larger than the stack buffer
        Assert.Equal(1, RangeFunctions.MadOverTime(Load(1, Concat(Seq(0, 0, 299), Seq(1, 0, 299), Seq(2, 0, 299)))));
    }

    [Fact]
    public void TsOf_MatchPrometheus()
    {
        var s = Load(10 * Second + 53, 1, 2, 3, 0, 5, 6, 2, 1, 4);
        var w = Window(s, 90 * Second, 90 * Second);
        Assert.Equal(30.159, RangeFunctions.TsOfMinOverTime(w));
        Assert.Equal(50.265, RangeFunctions.TsOfMaxOverTime(w));
        var last = Window(Load(10 * Second + 53, 1, 2, 3), 95 * Second, 90 * Second);
        Assert.Equal(20.106, RangeFunctions.TsOfLastOverTime(last));
        Assert.Equal(10.053, RangeFunctions.TsOfFirstOverTime(last));
        // ties: the latest one wins
        var ties = Load(1000, 1, 0, 5, 0, 5);
        Assert.Equal(3, RangeFunctions.TsOfMinOverTime(ties));
        Assert.Equal(4, RangeFunctions.TsOfMaxOverTime(ties));
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(0.5, 0.5, 1, 1)]
    [InlineData(0.75, 0.75, 1.5, 2.5)]
    [InlineData(0.8, 0.8, 1.6, 2.8)]
    [InlineData(1, 1, 2, 4)]
    [InlineData(-1, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity)]
    [InlineData(2, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN, double.NaN, double.NaN)]
    public void QuantileOverTime_MatchesPrometheus(double q, double two, double three, double uneven)
    {
        Close(two, RangeFunctions.QuantileOverTime(q, Load(10 * Second, 0, 1)));
        Close(three, RangeFunctions.QuantileOverTime(q, Load(10 * Second, 0, 1, 2)));
        Close(uneven, RangeFunctions.QuantileOverTime(q, Load(10 * Second, 0, 1, 4)));
    }

    [Fact]
    public void SimpleOverTime()
    {
        var w = Load(1000, 3, 1, 2);
        Assert.Equal(3, RangeFunctions.CountOverTime(w));
        Assert.Equal(0, RangeFunctions.CountOverTime([]));
        Assert.Equal(2, RangeFunctions.LastOverTime(w));
        Assert.Equal(3, RangeFunctions.FirstOverTime(w));
        Assert.Equal(1, RangeFunctions.PresentOverTime(w));
        Assert.Equal(6, RangeFunctions.SumOverTime(w));
        Assert.Equal(2, RangeFunctions.TsOfLastOverTime(w));
    }

    public static TheoryData<double[], double, double, double, double> OverTimeNaNCases => new()
    {
        // values; min, max, last, first (functions.test "Tests for *_over_time")
        { [2, 0, 3], 0, 3, 3, 2 },
        { [2, 0, double.NaN], 0, 2, double.NaN, 2 },
        { [2, double.NaN, 1], 1, 2, 1, 2 },
        { [double.NaN, 0, 1], 0, 1, 1, double.NaN },
        { [double.NaN, double.NaN, double.NaN], double.NaN, double.NaN, double.NaN, double.NaN },
    };

    [Theory]
    [MemberData(nameof(OverTimeNaNCases))]
    public void OverTime_NaN(double[] values, double min, double max, double last, double first)
    {
        var w = Window(Load(10 * Second, values), Minute, 2 * Minute);
        Close(min, RangeFunctions.MinOverTime(w));
        Close(max, RangeFunctions.MaxOverTime(w));
        Close(last, RangeFunctions.LastOverTime(w));
        Close(first, RangeFunctions.FirstOverTime(w));
        Assert.Equal(3, RangeFunctions.CountOverTime(w));
        Assert.Equal(1, RangeFunctions.PresentOverTime(w));
    }
}
