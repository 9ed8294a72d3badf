using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;
using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>
/// Finds the head series of a remote-write entry from its encoded label fields, without building
/// strings or <see cref="Labels"/>: a hash of the label bytes as sent maps to a series ref, and a hit
/// is confirmed by comparing those bytes with the series' labels. Senders repeat the same label bytes
/// for a series in every request, so in steady state each entry costs one hash, one lookup and one
/// comparison.
/// <para>
/// Only the hash and the ref are kept (16 bytes an entry), not the label bytes: memory per series
/// matters more than the few nanoseconds a byte-wise comparison would save. A hash collision or a
/// garbage-collected series only makes a miss, never a wrong series: every hit is verified.
/// </para>
/// </summary>
internal sealed class SeriesRefCache(Head head)
{
    // Below this many insertions since the last reset the cache is never trimmed.
    private const int MinCapacity = 1 << 16;

    private readonly ConcurrentDictionary<ulong, ulong> _refs = new();
    private int _inserted;
    private int _threshold = MinCapacity;

    public Head Head => head;

    public static ulong Hash(ReadOnlySpan<byte> labelFields) => XxHash3.HashToUInt64(labelFields);

    /// <summary>The live series whose labels are exactly these label fields, or null.</summary>
    public MemSeries? Find(ulong hash, ReadOnlySpan<byte> labelFields)
    {
        if (!_refs.TryGetValue(hash, out var seriesRef))
        {
            return null;
        }

        var series = head.SeriesByRef(seriesRef);
        return series is not null && SameLabels(series.Labels, labelFields) ? series : null;
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

        if (Interlocked.Increment(ref _inserted) > Volatile.Read(ref _threshold))
        {
            Trim();
        }

        _refs[hash] = series.Ref;
    }

    /// <summary>
    /// Series churn leaves entries of collected series behind; once insertions since the last reset
    /// outnumber twice the head's series, start over (the next request of each series re-adds it).
    /// The series count is read only when the threshold is passed, which moves it up with the head.
    /// </summary>
    private void Trim()
    {
        var limit = (int)Math.Min(int.MaxValue / 2, Math.Max(MinCapacity, 2L * head.NumSeries));
        if (Volatile.Read(ref _inserted) > limit)
        {
            _refs.Clear();
            Interlocked.Exchange(ref _inserted, 0);
        }

        Volatile.Write(ref _threshold, limit);
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
