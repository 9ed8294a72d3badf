using Tsdb.Storage.Codecs;
using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tsdb.Storage.Wal;

namespace Tsdb.Storage.Tests.Wal;

public class WalRecordsTests
{
    private static readonly Gen<ulong> Refs = Gen.Frequency(
        (3, Gen.Choose(0, 1000).Select(i => (ulong)i)),
        (2, ArbMap.Default.GeneratorFor<ulong>()),
        (1, Gen.Elements(0UL, ulong.MaxValue, 1UL << 63, (1UL << 63) - 1)));

    private static readonly Gen<long> Timestamps = Gen.Frequency(
        (3, Gen.Choose(-100_000, 100_000).Select(i => 1_700_000_000_000L + i)),
        (2, ArbMap.Default.GeneratorFor<long>()),
        (1, Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L)));

    private static readonly Gen<double> Values = Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<double>()),
        (1, Gen.Elements(double.NaN, StaleNaN.Value, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon,
            double.MaxValue, BitConverter.UInt64BitsToDouble(0x7ff8_0000_0000_0001UL), BitConverter.UInt64BitsToDouble(0xfff0_0000_0000_0123UL))),
        (1, ArbMap.Default.GeneratorFor<ulong>().Select(BitConverter.UInt64BitsToDouble)));

    // Valid UTF-16 (label strings are UTF-8 on the wire); includes non-ASCII and surrogate pairs.
    private static readonly Gen<string> Strings = Gen.Frequency(
        (4, Gen.Elements("", "__name__", "job", "instance", "a", "é", "日本", "😀x", "with \"quotes\" and \\ \n")),
        (3, ArbMap.Default.GeneratorFor<string>().Select(s => s is null ? "" : ValidUtf16(s))),
        (1, Gen.Choose(1000, 70_000).Select(n => new string('v', n))));

    private static readonly Gen<Labels> LabelSets = Gen.Choose(0, 6).SelectMany(n =>
        Gen.ArrayOf(Gen.Zip(Strings, Strings), n).Select(pairs =>
        {
            var unique = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in pairs)
            {
                unique[name.Length == 0 ? "n" : name] = value;
            }

            return Labels.FromUnsorted(unique.Select(kv => new Label(kv.Key, kv.Value)));
        }));

    private static readonly Gen<RefSample[]> SampleArrays = Gen.ArrayOf(
        Gen.Zip(Refs, Timestamps).SelectMany(rt => Values.Select(v => new RefSample(rt.Item1, rt.Item2, v))));

    private static readonly Gen<RefSeries[]> SeriesArrays = Gen.ArrayOf(Gen.Zip(Refs, LabelSets).Select(x => new RefSeries(x.Item1, x.Item2)));

    private static readonly Gen<RefTombstone[]> TombstoneArrays = Gen.ArrayOf(
        Gen.Zip(Refs, Gen.Zip(Timestamps, Timestamps)).Select(x => new RefTombstone(x.Item1, x.Item2.Item1, x.Item2.Item2)));

    [Property(MaxTest = 300)]
    public Property Samples_RoundTrip_BitExactly() => Prop.ForAll(SampleArrays.ToArbitrary(), samples =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        WalRecords.EncodeSamples(buffer, samples);
        Assert.Equal(WalRecordType.Samples, WalRecords.GetRecordType(buffer.WrittenSpan));
        var decoded = new List<RefSample>();
        WalRecords.DecodeSamples(buffer.WrittenSpan, decoded);
        Assert.Equal(samples.Length, decoded.Count);
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i].Ref, decoded[i].Ref);
            Assert.Equal(samples[i].T, decoded[i].T);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(samples[i].V), BitConverter.DoubleToUInt64Bits(decoded[i].V));
        }
    });

    [Property(MaxTest = 150)]
    public Property Series_RoundTrip() => Prop.ForAll(SeriesArrays.ToArbitrary(), series =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        WalRecords.EncodeSeries(buffer, series);
        Assert.Equal(WalRecordType.Series, WalRecords.GetRecordType(buffer.WrittenSpan));
        var decoded = new List<RefSeries>();
        WalRecords.DecodeSeries(buffer.WrittenSpan, decoded);
        Assert.Equal(series, decoded);
    });

    [Property(MaxTest = 300)]
    public Property Tombstones_RoundTrip() => Prop.ForAll(TombstoneArrays.ToArbitrary(), tombstones =>
    {
        var buffer = new ArrayBufferWriter<byte>();
        WalRecords.EncodeTombstones(buffer, tombstones);
        var decoded = new List<RefTombstone>();
        WalRecords.DecodeTombstones(buffer.WrittenSpan, decoded);
        Assert.Equal(tombstones, decoded);
    });

    [Fact]
    public void StaleNaN_SurvivesBitExactly_AndStaysDistinctFromNaN()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WalRecords.EncodeSamples(buffer, [new RefSample(1, 1000, StaleNaN.Value), new RefSample(2, 1000, double.NaN)]);
        var decoded = new List<RefSample>();
        WalRecords.DecodeSamples(buffer.WrittenSpan, decoded);
        Assert.True(StaleNaN.Is(decoded[0].V));
        Assert.Equal(StaleNaN.Bits, BitConverter.DoubleToUInt64Bits(decoded[0].V));
        Assert.False(StaleNaN.Is(decoded[1].V));
        Assert.True(double.IsNaN(decoded[1].V));
    }

    [Fact]
    public void Samples_AreCompact_ForTypicalScrapes()
    {
        var samples = new RefSample[1000];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new RefSample((ulong)(5000 + i), 1_700_000_000_000L + (i % 3), i * 0.5);
        }

        var buffer = new ArrayBufferWriter<byte>();
        WalRecords.EncodeSamples(buffer, samples);
        // 8 value bytes + ~2 ref-delta bytes + 1 timestamp-delta byte per sample.
        Assert.True(buffer.WrittenCount < 1000 * 12, $"{buffer.WrittenCount} bytes");
    }

    [Fact]
    public void Decode_AppendsToTheCallersList()
    {
        var buffer = new ArrayBufferWriter<byte>();
        WalRecords.EncodeSamples(buffer, [new RefSample(1, 2, 3)]);
        var list = new List<RefSample> { new(9, 9, 9) };
        WalRecords.DecodeSamples(buffer.WrittenSpan, list);
        Assert.Equal([new RefSample(9, 9, 9), new RefSample(1, 2, 3)], list);
    }

    [Fact]
    public void EncodeSamples_DoesNotAllocate_WithAReusedBuffer()
    {
        var samples = new RefSample[500];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new RefSample((ulong)i, i * 15_000L, i);
        }

        var buffer = new ArrayBufferWriter<byte>(64 << 10);
        var decoded = new List<RefSample>(1000);
        var allocated = Tsdb.Tests.Shared.AllocationProbe.LeastAllocated(() =>
        {
            buffer.ResetWrittenCount();
            WalRecords.EncodeSamples(buffer, samples);
            decoded.Clear();
            WalRecords.DecodeSamples(buffer.WrittenSpan, decoded);
        });
        Assert.Equal(samples.Length, decoded.Count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void DecodeSeries_InternsStrings()
    {
        var interner = new StringInterner();
        Func<string, string> intern = interner.Intern;
        var buffer = new ArrayBufferWriter<byte>();
        WalRecords.EncodeSeries(buffer, [new RefSeries(1, Labels.FromStrings("job", "api")), new RefSeries(2, Labels.FromStrings("job", "api", "x", "y"))]);
        var decoded = new List<RefSeries>();
        WalRecords.DecodeSeries(buffer.WrittenSpan, decoded, intern);
        Assert.Same(decoded[0].Labels[0].Value, decoded[1].Labels[0].Value);
        Assert.Same(decoded[0].Labels[0].Name, decoded[1].Labels[0].Name);
    }

    [Fact]
    public void Decode_MalformedRecord_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => WalRecords.DecodeSamples([(byte)WalRecordType.Samples, 0x80], []));
        Assert.Throws<InvalidDataException>(() => WalRecords.DecodeSamples([(byte)WalRecordType.Series], []));
        Assert.Throws<InvalidDataException>(() => WalRecords.DecodeSeries([(byte)WalRecordType.Series, 1, 200, 1], []));
        Assert.Equal(WalRecordType.Unknown, WalRecords.GetRecordType([77]));
        Assert.Equal(WalRecordType.Unknown, WalRecords.GetRecordType([]));
    }

    [Fact]
    public void Crc32C_MatchesTheCastagnoliCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    private static string ValidUtf16(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '?';
            }
        }

        return new string(chars);
    }
}
