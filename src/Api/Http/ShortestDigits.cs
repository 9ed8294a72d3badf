using System.Numerics;

namespace Tsdb.Api.Http;

/// <summary>
/// The shortest decimal digits that round-trip a finite, non-zero double (Ulf Adams' Ryu, PLDI 2018), as
/// Go's strconv 'f'/'e' with precision -1 and .NET's "R" choose them. A range query writes one value per
/// series and step, and double.TryFormat("R") (Grisu3 with a Dragon4 fallback, then its generic number
/// formatting) was most of the time of a rate() range query over thousands of series.
/// The power-of-5 tables are computed once at startup with BigInteger instead of being pasted in.
/// </summary>
internal static class ShortestDigits
{
    private const int MantissaBits = 52;
    private const int ExponentBits = 11;
    private const int Bias = 1023;
    private const int Pow5InvBitCount = 125;
    private const int Pow5BitCount = 125;

    // 5^i scaled to 125 bits (i < 326), and 2^(bits(5^i) - 1 + 125) / 5^i + 1 (i < 342): Ryu's DOUBLE_POW5_SPLIT and _INV_SPLIT.
    private static readonly UInt128[] Pow5Split = Table(326, inverse: false);
    private static readonly UInt128[] Pow5InvSplit = Table(342, inverse: true);

    private static UInt128[] Table(int count, bool inverse)
    {
        var table = new UInt128[count];
        var mask = (BigInteger.One << 64) - 1;
        for (var i = 0; i < count; i++)
        {
            var pow = BigInteger.Pow(5, i);
            var bits = (int)pow.GetBitLength();
            BigInteger v;
            if (inverse)
            {
                v = (BigInteger.One << (bits - 1 + Pow5InvBitCount)) / pow + 1;
            }
            else
            {
                var shift = bits - Pow5BitCount;
                v = shift >= 0 ? pow >> shift : pow << -shift;
            }

            table[i] = new UInt128((ulong)((v >> 64) & mask), (ulong)(v & mask));
        }

        return table;
    }

    /// <summary>
    /// Writes the digits of |<paramref name="f"/>| (no leading or trailing zeros) to <paramref name="digits"/>
    /// (at least 17 bytes) and returns their count; <paramref name="exp10"/> is the exponent of the last digit.
    /// </summary>
    public static int Format(double f, Span<byte> digits, out int exp10)
    {
        var bits = BitConverter.DoubleToUInt64Bits(f);
        var ieeeMantissa = bits & ((1UL << MantissaBits) - 1);
        var ieeeExponent = (int)((bits >> MantissaBits) & ((1U << ExponentBits) - 1));
        var (output, e) = Decimal(ieeeMantissa, ieeeExponent);
        var n = 0;
        Span<byte> rev = stackalloc byte[20];
        // Trailing zeros go into the exponent.
        while (output % 10 == 0)
        {
            output /= 10;
            e++;
        }

        while (output != 0)
        {
            var q = output / 10;
            rev[n++] = (byte)('0' + (int)(output - (q * 10)));
            output = q;
        }

        for (var i = 0; i < n; i++)
        {
            digits[i] = rev[n - 1 - i];
        }

        exp10 = e;
        return n;
    }

    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static int Pow5Factor(ulong value)
    {
        var count = 0;
        while (value % 5 == 0)
        {
            value /= 5;
            count++;
        }

        return count;
    }

    private static bool MultipleOfPowerOf5(ulong value, int p) => Pow5Factor(value) >= p;

    private static bool MultipleOfPowerOf2(ulong value, int p) => (value & ((1UL << p) - 1)) == 0;

    private static ulong MulShift64(ulong m, UInt128 mul, int j)
    {
        var b0 = (UInt128)m * (ulong)mul;
        var b2 = (UInt128)m * (ulong)(mul >> 64);
        return (ulong)(((b0 >> 64) + b2) >> (j - 64));
    }

    /// <summary>Ryu's d2d: the shortest output with output * 10^exp inside the rounding interval of the double.</summary>
    private static (ulong Output, int Exp) Decimal(ulong ieeeMantissa, int ieeeExponent)
    {
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - Bias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - Bias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }

        var even = (m2 & 1) == 0;
        var acceptBounds = even;
        var mv = 4 * m2;
        var mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1UL : 0UL;
        ulong vr, vp, vm;
        int e10;
        var vmIsTrailingZeros = false;
        var vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            var q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            var k = Pow5InvBitCount + Pow5Bits(q) - 1;
            var i = -e2 + q + k;
            var mul = Pow5InvSplit[q];
            vr = MulShift64(4 * m2, mul, i);
            vp = MulShift64((4 * m2) + 2, mul, i);
            vm = MulShift64((4 * m2) - 1 - mmShift, mul, i);
            if (q <= 21)
            {
                if (mv % 5 == 0)
                {
                    vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                }
                else if (acceptBounds)
                {
                    vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                }
                else
                {
                    vp -= MultipleOfPowerOf5(mv + 2, q) ? 1UL : 0UL;
                }
            }
        }
        else
        {
            var q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            var i = -e2 - q;
            var k = Pow5Bits(i) - Pow5BitCount;
            var j = q - k;
            var mul = Pow5Split[i];
            vr = MulShift64(4 * m2, mul, j);
            vp = MulShift64((4 * m2) + 2, mul, j);
            vm = MulShift64((4 * m2) - 1 - mmShift, mul, j);
            if (q <= 1)
            {
                vrIsTrailingZeros = true;
                if (acceptBounds)
                {
                    vmIsTrailingZeros = mmShift == 1;
                }
                else
                {
                    vp--;
                }
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = MultipleOfPowerOf2(mv, q);
            }
        }

        var removed = 0;
        var lastRemovedDigit = 0UL;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // The rare general case.
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = vr % 10;
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }

            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
            {
                // Round even when exactly halfway.
                lastRemovedDigit = 4;
            }

            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            // The common case: neither bound is exact.
            var roundUp = false;
            if (vp / 100 > vm / 100)
            {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }

            while (vp / 10 > vm / 10)
            {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }

        return (output, e10 + removed);
    }
}
