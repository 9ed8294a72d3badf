using System.Globalization;
using Tsdb.Api.Http;

namespace Tsdb.Api.Tests.Http;

/// <summary>Ryu's digits against .NET's "R" (shortest round-trip, closest to the exact value), which PromJson used before.</summary>
public class ShortestDigitsTests
{
    [Fact]
    public void Random_bit_patterns_give_the_same_digits_as_R()
    {
        var rng = new Random(11);
        Span<byte> bytes = stackalloc byte[8];
        for (var i = 0; i < 300_000; i++)
        {
            rng.NextBytes(bytes);
            var f = BitConverter.ToDouble(bytes);
            if (double.IsFinite(f) && f != 0)
            {
                Check(f);
            }
        }
    }

    [Fact]
    public void Values_like_samples_and_rates_give_the_same_digits_as_R()
    {
        var rng = new Random(12);
        for (var i = 0; i < 300_000; i++)
        {
            var scale = Math.Pow(10, rng.Next(-8, 22));
            Check(Math.Round(rng.NextDouble() * 1e6) / 100 * scale);
            Check(rng.NextDouble() * scale);
            Check((rng.Next(1, 1_000_000) + 0.01 * rng.Next(100)) / (rng.Next(1, 300) * 1.0));
            Check(rng.Next());
        }
    }

    [Fact]
    public void Edges_give_the_same_digits_as_R()
    {
        double[] edges = [double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014e-308, 2.2250738585072009e-308,
            1e-323, 5e-324, 9007199254740993, 9007199254740992, 1e22, 1e23, 5e-324 * 3, 0.3, 2.0 / 3, 1e15, 1e16, 123456789012345680000.0];
        foreach (var f in edges)
        {
            Check(f);
            Check(-f);
        }

        for (var e = -330; e <= 310; e++)
        {
            Check(Math.Pow(10, e) is var p && p != 0 && double.IsFinite(p) ? p : 1);
            Check(Math.Pow(2, e / 2.0 * 2) is var q && q != 0 && double.IsFinite(q) ? q : 1);
        }
    }

    private static void Check(double f)
    {
        if (f == 0 || !double.IsFinite(f))
        {
            return;
        }

        Span<byte> digits = stackalloc byte[24];
        var n = ShortestDigits.Format(f, digits, out var exp10);
        var ours = System.Text.Encoding.ASCII.GetString(digits[..n]);
        var r = Math.Abs(f).ToString("R", CultureInfo.InvariantCulture);
        var (expected, expectedExp) = Normalise(r);
        var oursParsed = double.Parse(ours + "E" + exp10.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // .NET's "R" misses the narrower lower half-interval of powers of two (2^-25 gives 2.980232238769531E-08,
        // which parses to another double); Ryu and Go do not. Only there may the digits differ.
        var same = expected == ours && expectedExp == exp10;
        Assert.True(same || double.Parse(r, CultureInfo.InvariantCulture) != Math.Abs(f), $"{f:R}: {ours}e{exp10} vs {expected}e{expectedExp}");
        Assert.Equal(Math.Abs(f), oursParsed);
    }

    /// <summary>"R" text to (digits without leading or trailing zeros, exponent of the last digit).</summary>
    private static (string Digits, int Exp) Normalise(string r)
    {
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var exp = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var fraction = point < 0 ? 0 : mantissa.Length - point - 1;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        exp -= fraction;
        var trimmed = digits.TrimEnd('0');
        return (trimmed, exp + (digits.Length - trimmed.Length));
    }
}
