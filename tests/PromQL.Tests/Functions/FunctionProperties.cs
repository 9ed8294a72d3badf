using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.PromQL.Funcs;
using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.Functions;

public class FunctionProperties
{
    private static Sample[] ToSamples(double[] values)
    {
        var s = new Sample[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            s[i] = new Sample(i * 15_000L, values[i]);
        }

        return s;
    }

    private static double[] Finite(NormalFloat[] xs)
    {
        var r = new double[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            r[i] = Math.Clamp(xs[i].Get, -1e12, 1e12);
        }

        return r;
    }

    [Property(MaxTest = 200)]
    public bool Quantile_IsMonotonicInQ_AndWithinMinMax(NonEmptyArray<NormalFloat> xs, double q1Raw, double q2Raw)
    {
        var values = Finite(xs.Get);
        var q1 = double.IsFinite(q1Raw) ? Math.Abs(q1Raw % 1) : 0.3;
        var q2 = double.IsFinite(q2Raw) ? Math.Abs(q2Raw % 1) : 0.7;
        if (q1 > q2)
        {
            (q1, q2) = (q2, q1);
        }

        var a = QuantileMath.Quantile(q1, (double[])values.Clone());
        var b = QuantileMath.Quantile(q2, (double[])values.Clone());
        var min = values.Min();
        var max = values.Max();
        var eps = 1e-9 * Math.Max(1, Math.Max(Math.Abs(min), Math.Abs(max)));
        return a <= b + eps && a >= min - eps && b <= max + eps;
    }

    [Property(MaxTest = 200)]
    public bool MinAvgMax_AreOrdered(NonEmptyArray<NormalFloat> xs)
    {
        var w = ToSamples(Finite(xs.Get));
        var min = RangeFunctions.MinOverTime(w);
        var avg = RangeFunctions.AvgOverTime(w);
        var max = RangeFunctions.MaxOverTime(w);
        var eps = 1e-9 * Math.Max(1, Math.Max(Math.Abs(min), Math.Abs(max)));
        return min <= avg + eps && avg <= max + eps;
    }

    [Property(MaxTest = 200)]
    public bool SumOfConstant_IsNTimesC(NormalFloat c, PositiveInt n)
    {
        var count = n.Get % 500 + 1;
        var v = Math.Clamp(c.Get, -1e12, 1e12);
        var values = new double[count];
        Array.Fill(values, v);
        var w = ToSamples(values);
        var sum = RangeFunctions.SumOverTime(w);
        return Math.Abs(sum - count * v) <= 1e-9 * Math.Abs(count * v)
            && RangeFunctions.AvgOverTime(w) == v
            && RangeFunctions.StdvarOverTime(w) == 0
            && RangeFunctions.CountOverTime(w) == count;
    }

    [Property(MaxTest = 200)]
    public bool LabelReplace_NonMatchingRegex_ReturnsInput(NonEmptyString value)
    {
        var labels = Labels.FromStrings("__name__", "m", "src", value.Get);
        // A full match of this exact control-character string is practically impossible for random input.
        var regex = LabelFunctions.CompileReplaceRegex("\u0001never\u0002", "dst");
        return ReferenceEquals(labels, LabelFunctions.Replace(labels, "dst", "x", "src", regex));
    }

    [Property(MaxTest = 200)]
    public bool BucketQuantile_IsMonotonicInQ(PositiveInt[] increments, double q1Raw, double q2Raw)
    {
        if (increments.Length == 0)
        {
            return true;
        }

        var q1 = double.IsFinite(q1Raw) ? Math.Abs(q1Raw % 1) : 0.3;
        var q2 = double.IsFinite(q2Raw) ? Math.Abs(q2Raw % 1) : 0.7;
        if (q1 > q2)
        {
            (q1, q2) = (q2, q1);
        }

        Bucket[] Make()
        {
            var b = new Bucket[increments.Length + 1];
            double cum = 0;
            for (var i = 0; i < increments.Length; i++)
            {
                cum += increments[i].Get % 100;
                b[i] = new Bucket(i + 1, cum);
            }

            b[^1] = new Bucket(double.PositiveInfinity, cum);
            return b;
        }

        var a = HistogramMath.BucketQuantile(q1, Make(), out _);
        var bq = HistogramMath.BucketQuantile(q2, Make(), out _);
        return double.IsNaN(a) && double.IsNaN(bq) || a <= bq + 1e-9;
    }

    [Property(MaxTest = 100)]
    public bool Increase_OfCounterIsNonNegative(PositiveInt[] steps)
    {
        if (steps.Length < 2)
        {
            return true;
        }

        var values = new double[steps.Length];
        double v = 0;
        for (var i = 0; i < steps.Length; i++)
        {
            // occasional resets
            v = steps[i].Get % 7 == 0 ? steps[i].Get % 5 : v + steps[i].Get % 50;
            values[i] = v;
        }

        var w = ToSamples(values);
        var inc = RangeFunctions.ExtrapolatedRate(w, -10_000, w[^1].T + 5_000, true, false);
        return inc >= 0;
    }
}
