namespace Tsdb.Storage;

/// <summary>
/// The staleness marker: a NaN with a specific bit pattern (Prometheus value.StaleNaN). It must be
/// compared by bits, since every NaN compares unequal to everything.
/// </summary>
public static class StaleNaN
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static readonly double Value = BitConverter.UInt64BitsToDouble(Bits);

    public static bool Is(double v) => BitConverter.DoubleToUInt64Bits(v) == Bits;
}
