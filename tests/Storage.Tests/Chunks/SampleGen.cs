using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Tsdb.Storage.Tests.Chunks;

/// <summary>A generated run of samples with strictly increasing timestamps.</summary>
public sealed class SampleSeq(Sample[] samples)
{
    public Sample[] Samples { get; } = samples;

    public override string ToString()
    {
        var parts = Samples.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"({s.T}, 0x{BitConverter.DoubleToUInt64Bits(s.V):x16})"));
        return $"[{Samples.Length}] " + string.Join(" ", parts);
    }
}

/// <summary>
/// FsCheck generators for chunk properties: regular 15 s scrapes, jitter, tiny and huge gaps (up to
/// 2^62), negative start times, and values mixing raw bit patterns, NaNs (incl. the staleness
/// marker), infinities, -0.0, small integers, repeats and random walks.
/// </summary>
public static class SampleGen
{
    private static readonly double[] Specials =
    [
        double.NaN, StaleNaN.Value, BitConverter.UInt64BitsToDouble(0xfff8000000000001UL), double.PositiveInfinity,
        double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, double.MinValue, 1.0, -1.0,
    ];

    public static Gen<long> AnyLong { get; } =
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select ((long)hi << 32) | (uint)lo;

    private static Gen<long> StartTime { get; } = Gen.Frequency(
        (4, Gen.Choose(-100_000, 100_000).Select(x => (long)x)),
        (3, Gen.Choose(0, 1_000_000).Select(x => 1_700_000_000_000L + x)),
        (2, AnyLong.Select(x => x >> 1)), // within ±2^62
        (1, Gen.Elements(long.MinValue / 2, -(1L << 62), -1L, 0L)));

    private static Gen<long> Delta { get; } = Gen.Frequency(
        (40, Gen.Constant(15_000L)),
        (15, Gen.Choose(-50, 50).Select(j => 15_000L + j)),
        (15, Gen.Choose(1, 1000).Select(x => (long)x)),
        (5, Gen.Constant(1L)),
        (10, Gen.Choose(1, int.MaxValue).Select(x => (long)x)),
        (5, Gen.Choose(32, 62).Select(s => 1L << s)),
        (5, AnyLong.Select(x => (x & ((1L << 62) - 1)) + 1)));

    // A value op: 0 raw bits, 1 special, 2 small integer, 3 repeat previous, 4 random-walk step.
    private static Gen<(int Kind, double X)> ValueOp { get; } = Gen.Frequency(
        (10, AnyLong.Select(b => (0, BitConverter.Int64BitsToDouble(b)))),
        (10, Gen.Elements(Specials).Select(v => (1, v))),
        (15, Gen.Choose(-100, 1000).Select(i => (2, (double)i))),
        (25, Gen.Constant((3, 0.0))),
        (40, Gen.Choose(-5000, 5000).Select(i => (4, i / 1000.0))));

    // Delta-of-delta values at and around the bucket edges: ±(2^(n-1)-1) .. 2^(n-1) fit the n-bit bucket.
    private static readonly long[] BucketEdges =
    [
        0, 1, -1, 8191, -8191, 8192, -8192, 8193, 65535, -65535, 65536, -65536, 65537,
        524287, -524287, 524288, -524288, 524289, 1L << 40, -(1L << 40),
    ];

    private static Gen<long> DeltaOfDelta { get; } = Gen.Frequency(
        (3, Gen.Elements(BucketEdges)),
        (1, Gen.Choose(-1_000_000, 1_000_000).Select(x => (long)x)));

    /// <summary>Half the runs pick each delta freely, half drive the delta-of-delta through bucket edges.</summary>
    public static Gen<Sample[]> Samples { get; } = Gen.Sized(size =>
        from n in Gen.Choose(0, Math.Max(1, size * 3))
        from start in StartTime
        from byDod in Gen.Elements(false, true)
        from deltas in byDod ? Gen.ArrayOf(DeltaOfDelta, n).SelectMany(d => Delta.Select(first => FromDods(first, d))) : Gen.ArrayOf(Delta, n)
        from ops in Gen.ArrayOf(ValueOp, n)
        select Build(start, deltas, ops));

    private static long[] FromDods(long first, long[] dods)
    {
        var deltas = new long[dods.Length];
        var d = first;
        for (var i = 0; i < dods.Length; i++)
        {
            // deltas[0] is unused by Build; deltas[1] is the first real delta.
            d = i <= 1 ? first : d + dods[i];
            if (d < 1)
            {
                d = first;
            }

            deltas[i] = d;
        }

        return deltas;
    }

    public static Arbitrary<SampleSeq> SampleSeq() => Arb.From(Samples.Select(s => new SampleSeq(s)), Shrink);

    /// <summary>Applies the ops; stops early rather than overflow the timestamp.</summary>
    private static Sample[] Build(long start, long[] deltas, (int Kind, double X)[] ops)
    {
        var result = new List<Sample>(deltas.Length);
        var t = start;
        var v = 0.0;
        for (var i = 0; i < deltas.Length; i++)
        {
            if (i > 0)
            {
                if (t > long.MaxValue - deltas[i])
                {
                    break;
                }

                t += deltas[i];
            }

            var (kind, x) = ops[i];
            v = kind switch
            {
                3 => v,
                4 => Math.Round(v + x, 3),
                _ => x,
            };
            result.Add(new Sample(t, v));
        }

        return [.. result];
    }

    // Dropping samples keeps timestamps strictly increasing, so shrinking is just sub-sequences.
    private static IEnumerable<SampleSeq> Shrink(SampleSeq seq)
    {
        var s = seq.Samples;
        if (s.Length == 0)
        {
            yield break;
        }

        if (s.Length >= 2)
        {
            yield return new SampleSeq(s[..(s.Length / 2)]);
            yield return new SampleSeq(s[(s.Length / 2)..]);
        }

        for (var i = 0; i < s.Length && i < 32; i++)
        {
            yield return new SampleSeq([.. s[..i], .. s[(i + 1)..]]);
        }
    }
}
