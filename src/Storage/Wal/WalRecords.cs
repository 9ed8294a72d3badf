using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tsdb.Storage.Wal;

/// <summary>
/// Encoding of the records the head writes to the WAL (after Prometheus tsdb/record, adapted).
/// Every record starts with a <see cref="WalRecordType"/> byte; the entries follow until the end.
/// <code>
/// Series:     1, { uvarint ref, uvarint labelCount, { uvarint len, utf8 name, uvarint len, utf8 value }* }*
/// Samples:    2, [ uvarint baseRef, varint baseT, { varint (ref - baseRef), varint (t - baseT), u64 LE value bits }* ]
/// Tombstones: 3, { uvarint ref, varint mint, varint maxt }*
/// </code>
/// Sample refs and timestamps are deltas against the record's first sample (wrapping arithmetic,
/// so any ulong ref and any long timestamp round-trip) and zig-zag varints: refs of one scrape
/// are close and timestamps nearly equal, so a sample takes ~11 bytes instead of 24. Values are the raw
/// 8 bytes, so NaN payloads, including the staleness marker, survive bit-exactly.
/// <para>
/// Encoders write into a caller-owned <see cref="IBufferWriter{T}"/> (reuse an ArrayBufferWriter and
/// ResetWrittenCount it): no allocation per sample. Decoders append to caller-provided lists.
/// </para>
/// </summary>
internal static class WalRecords
{
    // ref delta + t delta + value bits.
    private const int MaxSampleBytes = Varint.MaxLength + Varint.MaxLength + 8;

    public static WalRecordType GetRecordType(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            return WalRecordType.Unknown;
        }

        var t = (WalRecordType)record[0];
        return t is WalRecordType.Series or WalRecordType.Samples or WalRecordType.Tombstones ? t : WalRecordType.Unknown;
    }

    public static void EncodeSeries(IBufferWriter<byte> writer, ReadOnlySpan<RefSeries> series)
    {
        writer.GetSpan(1)[0] = (byte)WalRecordType.Series;
        writer.Advance(1);
        foreach (ref readonly var s in series)
        {
            var labels = s.Labels.AsSpan();
            var bound = 2 * Varint.MaxLength;
            foreach (ref readonly var l in labels)
            {
                bound += 2 * Varint.MaxLength + Encoding.UTF8.GetMaxByteCount(l.Name.Length) + Encoding.UTF8.GetMaxByteCount(l.Value.Length);
            }

            var span = writer.GetSpan(bound);
            var p = Varint.WriteUnsigned(span, s.Ref);
            p += Varint.WriteUnsigned(span[p..], (ulong)labels.Length);
            foreach (ref readonly var l in labels)
            {
                p += WriteString(span[p..], l.Name);
                p += WriteString(span[p..], l.Value);
            }

            writer.Advance(p);
        }
    }

    public static void EncodeSamples(IBufferWriter<byte> writer, ReadOnlySpan<RefSample> samples)
    {
        var span = writer.GetSpan(1 + 2 * Varint.MaxLength + samples.Length * MaxSampleBytes);
        span[0] = (byte)WalRecordType.Samples;
        var p = 1;
        if (!samples.IsEmpty)
        {
            var baseRef = samples[0].Ref;
            var baseT = samples[0].T;
            p += Varint.WriteUnsigned(span[p..], baseRef);
            p += Varint.WriteSigned(span[p..], baseT);
            foreach (ref readonly var s in samples)
            {
                p += Varint.WriteSigned(span[p..], unchecked((long)(s.Ref - baseRef)));
                p += Varint.WriteSigned(span[p..], unchecked(s.T - baseT));
                BinaryPrimitives.WriteUInt64LittleEndian(span[p..], BitConverter.DoubleToUInt64Bits(s.V));
                p += 8;
            }
        }

        writer.Advance(p);
    }

    public static void EncodeTombstones(IBufferWriter<byte> writer, ReadOnlySpan<RefTombstone> tombstones)
    {
        var span = writer.GetSpan(1 + tombstones.Length * 3 * Varint.MaxLength);
        span[0] = (byte)WalRecordType.Tombstones;
        var p = 1;
        foreach (ref readonly var t in tombstones)
        {
            p += Varint.WriteUnsigned(span[p..], t.Ref);
            p += Varint.WriteSigned(span[p..], t.MinT);
            p += Varint.WriteSigned(span[p..], t.MaxT);
        }

        writer.Advance(p);
    }

    /// <summary>
    /// Appends the record's series to <paramref name="into"/>. <paramref name="intern"/> (e.g.
    /// <c>interner.Intern</c> of a <see cref="StringInterner"/>, cached in a field) dedupes label strings.
    /// </summary>
    public static void DecodeSeries(ReadOnlySpan<byte> record, List<RefSeries> into, Func<string, string>? intern = null)
    {
        var r = Open(record, WalRecordType.Series);
        while (!r.End)
        {
            var reference = r.ReadUnsigned();
            var count = r.ReadUnsigned();
            // Each label takes at least 2 bytes, which bounds a corrupt count before allocating.
            if (count > (ulong)r.Remaining / 2)
            {
                throw new InvalidDataException("WAL series record has an impossible label count");
            }

            if (count == 0)
            {
                into.Add(new RefSeries(reference, Labels.Empty));
                continue;
            }

            var labels = new Label[count];
            var sorted = true;
            for (var i = 0; i < labels.Length; i++)
            {
                var name = ReadString(ref r, intern);
                var value = ReadString(ref r, intern);
                labels[i] = new Label(name, value);
                if (value.Length == 0 || (i > 0 && string.CompareOrdinal(labels[i - 1].Name, name) >= 0))
                {
                    sorted = false;
                }
            }

            // Records come from Labels, so they are sorted and clean; re-validate only if not.
            into.Add(new RefSeries(reference, sorted ? Labels.FromSortedUnchecked(labels) : Labels.FromUnsorted(labels)));
        }
    }

    /// <summary>Appends the record's samples to <paramref name="into"/>.</summary>
    public static void DecodeSamples(ReadOnlySpan<byte> record, List<RefSample> into)
    {
        var r = Open(record, WalRecordType.Samples);
        if (r.End)
        {
            return;
        }

        var baseRef = r.ReadUnsigned();
        var baseT = r.ReadSigned();
        // Each sample needs at least 10 bytes; reserve once instead of growing per sample.
        into.EnsureCapacity(into.Count + (r.Remaining / 10));
        while (!r.End)
        {
            var reference = unchecked(baseRef + (ulong)r.ReadSigned());
            var t = unchecked(baseT + r.ReadSigned());
            var v = BitConverter.UInt64BitsToDouble(r.ReadUInt64LittleEndian());
            into.Add(new RefSample(reference, t, v));
        }
    }

    /// <summary>Appends the record's tombstones to <paramref name="into"/>.</summary>
    public static void DecodeTombstones(ReadOnlySpan<byte> record, List<RefTombstone> into)
    {
        var r = Open(record, WalRecordType.Tombstones);
        while (!r.End)
        {
            var reference = r.ReadUnsigned();
            var mint = r.ReadSigned();
            var maxt = r.ReadSigned();
            into.Add(new RefTombstone(reference, mint, maxt));
        }
    }

    private static SpanReader Open(ReadOnlySpan<byte> record, WalRecordType expected)
    {
        if (record.IsEmpty || record[0] != (byte)expected)
        {
            throw new InvalidDataException($"not a WAL {expected} record");
        }

        return new SpanReader(record[1..]);
    }

    private static int WriteString(Span<byte> destination, string s)
    {
        var length = Encoding.UTF8.GetByteCount(s);
        var p = Varint.WriteUnsigned(destination, (ulong)length);
        return p + Encoding.UTF8.GetBytes(s, destination[p..]);
    }

    private static string ReadString(ref SpanReader r, Func<string, string>? intern)
    {
        var length = r.ReadUnsigned();
        if (length > (ulong)r.Remaining)
        {
            throw new InvalidDataException("WAL record string runs past the end of the record");
        }

        if (length == 0)
        {
            return "";
        }

        var s = Encoding.UTF8.GetString(r.ReadBytes((int)length));
        return intern is null ? s : intern(s);
    }
}
