using System.Runtime.CompilerServices;

namespace Tsdb.PromQL.Funcs;

/// <summary>Neumaier-compensated summation step, as Prometheus's kahansum.Inc.</summary>
internal static class Kahan
{
    /// <summary>Adds <paramref name="inc"/> to (<paramref name="sum"/>, <paramref name="c"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Inc(double inc, ref double sum, ref double c)
    {
        var t = sum + inc;
        if (double.IsInfinity(t))
        {
            c = 0;
        }
        else if (Math.Abs(sum) >= Math.Abs(inc))
        {
            c += (sum - t) + inc;
        }
        else
        {
            c += (inc - t) + sum;
        }

        sum = t;
    }
}
