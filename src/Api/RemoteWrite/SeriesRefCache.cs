using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// Finds the head series of a remote-write entry from its encoded label fields, without building
/// strings or <see cref="Labels"/>: a hash of the label bytes as sent maps to a series, and a hit is
/// confirmed by comparing those bytes with the series' labels. Senders repeat the same label bytes
/// for a series in every request, so in steady state each entry costs one hash, one probe and one
/// comparison.
/// <para>
/// The table is set-associative: buckets of four (hash, series) slots, 64 bytes, so a probe is one
/// random memory access (the dictionary of refs it replaces took three: its bucket, its node, then
/// the head's ref dictionary). Most entries do not even get here: the handler first tries the series
/// that followed the previous entry last time (<see cref="MemSeries.NextHint"/>). Slots are
/// written without locks and may be read torn (one request's hash with another's series); that is
/// harmless because every hit is verified against the series' labels, so a collision, a torn slot or
/// a garbage-collected series only makes a miss, never a wrong series. Memory: 16 bytes a slot, about
/// two slots per head series; a full bucket evicts one of its slots. A collected series stays referenced
/// (without chunks) until its slot is reused or the table grows.
/// </para>
/// </summary>
internal sealed class SeriesRefCache(Head head)
{
    private const int Ways = 4;

    // Buckets at first; the table doubles while it holds fewer than two slots per head series.
    private const int MinBuckets = 1 << 12;

    private Slot[] _slots = new Slot[MinBuckets * Ways];
    private int _inserted;
    private readonly Lock _growLock = new();

    public Head Head => head;

    public static ulong Hash(ReadOnlySpan<byte> labelFields) => XxHash3.HashToUInt64(labelFields);

    /// <summary>Slots in the table (for tests).</summary>
    internal int Capacity => Volatile.Read(ref _slots).Length;

    /// <summary>The live series whose labels are exactly these label fields, or null.</summary>
    public MemSeries? Find(ulong hash, ReadOnlySpan<byte> labelFields)
    {
        var slots = Volatile.Read(ref _slots);
        var first = BucketStart(hash, slots.Length);
        for (var i = first; i < first + Ways; i++)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Hash != hash)
            {
                continue;
            }

            // Read once: the slot may be rewritten meanwhile, and only what is compared may be returned.
            var series = slot.Series;
            if (series is not null && !series.Deleted && SameLabels(series.Labels, labelFields))
            {
                return series;
            }
        }

        return null;
    }

    /// <summary>
    /// Remembers the series for these label fields when they spell its labels exactly (sorted, no
    /// empty values): otherwise a lookup could never be confirmed, so there is nothing to remember.
    /// </summary>
    public void Add(ulong hash, ReadOnlySpan<byte> labelFields, MemSeries series)
    {
        if (!SameLabels(series.Labels, labelFields))
        {
            return;
        }

        var slots = Volatile.Read(ref _slots);
        if (Interlocked.Increment(ref _inserted) > slots.Length / 2)
        {
            slots = Grow(slots);
        }

        Put(slots, hash, series);
    }

    private static void Put(Slot[] slots, ulong hash, MemSeries series)
    {
        var first = BucketStart(hash, slots.Length);
        var victim = first + (int)(hash >> 62);
        for (var i = first; i < first + Ways; i++)
        {
            var s = slots[i].Series;
            if (slots[i].Hash == hash || s is null || s.Deleted)
            {
                victim = i;
                break;
            }
        }

        slots[victim].Series = series;
        slots[victim].Hash = hash;
    }

    /// <summary>
    /// Doubles the table while the head has more than half as many series as slots; otherwise (series
    /// churn refilling slots of collected series) only restarts the count. Entries added to the old
    /// table while it is copied may be lost, which only costs a miss.
    /// </summary>
    private Slot[] Grow(Slot[] slots)
    {
        lock (_growLock)
        {
            var current = _slots;
            if (!ReferenceEquals(current, slots) || Volatile.Read(ref _inserted) <= current.Length / 2)
            {
                return current;
            }

            if (head.NumSeries * 2L <= current.Length || current.Length >= 1 << 28)
            {
                Volatile.Write(ref _inserted, Math.Min(head.NumSeries, current.Length / 4));
                return current;
            }

            var bigger = new Slot[current.Length * 2];
            var live = 0;
            foreach (var slot in current)
            {
                if (slot.Series is { Deleted: false } s)
                {
                    Put(bigger, slot.Hash, s);
                    live++;
                }
            }

            Volatile.Write(ref _inserted, live);
            Volatile.Write(ref _slots, bigger);
            return bigger;
        }
    }

    private static int BucketStart(ulong hash, int length) => (int)(hash & (ulong)(length / Ways - 1)) * Ways;

    private struct Slot
    {
        public ulong Hash;
        public MemSeries? Series;
    }

    /// <summary>Whether the encoded label fields hold exactly <paramref name="labels"/>, in order.</summary>
    internal static bool SameLabels(Labels labels, ReadOnlySpan<byte> labelFields)
    {
        var expected = labels.AsSpan();
        var r = new ProtoReader(labelFields);
        var i = 0;
        while (SeriesEntry.NextLabel(ref r, out var name, out var value))
        {
            if (i >= expected.Length || !Utf8Equals(name, expected[i].Name) || !Utf8Equals(value, expected[i].Value))
            {
                return false;
            }

            i++;
        }

        return i == expected.Length;
    }

    /// <summary>Whether UTF-8 bytes spell the string (invalid UTF-8 never does).</summary>
    internal static bool Utf8Equals(ReadOnlySpan<byte> utf8, string s)
    {
        // A UTF-8 string has at least as many bytes as UTF-16 units, and as many only when all ASCII.
        if (utf8.Length == s.Length)
        {
            return Ascii.Equals(utf8, s);
        }

        return utf8.Length > s.Length && NonAsciiEquals(utf8, s);
    }

    private static bool NonAsciiEquals(ReadOnlySpan<byte> utf8, string s)
    {
        char[]? rented = null;
        var buffer = utf8.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var status = Utf8.ToUtf16(utf8, buffer, out _, out var written, replaceInvalidSequences: false);
            return status == OperationStatus.Done && buffer[..written].SequenceEqual(s);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
