using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Makes a series' chunk list storable: sorted by time, inside the block range and without
/// overlaps. Chunks that already satisfy that pass through untouched (their bytes are copied
/// verbatim into the block). Otherwise, as Prometheus's compacting chunk merger does, the samples
/// of each run of overlapping chunks are merged in time order (for equal timestamps the sample
/// from the chunk listed first wins) and re-encoded as XOR chunks of at most
/// <see cref="MaxSamplesPerChunk"/> samples; chunks reaching outside [mint, maxt) are trimmed.
/// </summary>
internal static class ChunkNormalizer
{
    /// <summary>Prometheus's target chunk size (tsdb/head_append.go samplesPerChunk default).</summary>
    public const int MaxSamplesPerChunk = 120;

    /// <param name="maxt">Exclusive block end.</param>
    public static IReadOnlyList<(ChunkMeta Meta, IChunk Chunk)> Normalize(IReadOnlyList<(ChunkMeta Meta, IChunk Chunk)> chunks, long mint, long maxt)
    {
        var clean = true;
        for (var i = 0; i < chunks.Count; i++)
        {
            var m = chunks[i].Meta;
            if (m.MaxTime < m.MinTime)
            {
                throw new ArgumentException($"chunk meta has maxTime {m.MaxTime} < minTime {m.MinTime}", nameof(chunks));
            }

            if (m.MinTime < mint || m.MaxTime >= maxt || (i > 0 && m.MinTime <= chunks[i - 1].Meta.MaxTime))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return chunks;
        }

        // Stable sort by MinTime keeps the caller's precedence for equal timestamps.
        var sorted = new List<(ChunkMeta Meta, IChunk Chunk)>(chunks.Count);
        foreach (var c in chunks)
        {
            if (c.Meta.MaxTime >= mint && c.Meta.MinTime < maxt)
            {
                sorted.Add(c);
            }
        }

        var keyed = new List<(int Index, (ChunkMeta Meta, IChunk Chunk) Item)>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            keyed.Add((i, sorted[i]));
        }

        keyed.Sort(static (a, b) => a.Item.Meta.MinTime != b.Item.Meta.MinTime ? a.Item.Meta.MinTime.CompareTo(b.Item.Meta.MinTime) : a.Index.CompareTo(b.Index));

        var result = new List<(ChunkMeta, IChunk)>(keyed.Count);
        for (var i = 0; i < keyed.Count;)
        {
            var runMax = keyed[i].Item.Meta.MaxTime;
            var j = i + 1;
            while (j < keyed.Count && keyed[j].Item.Meta.MinTime <= runMax)
            {
                runMax = Math.Max(runMax, keyed[j].Item.Meta.MaxTime);
                j++;
            }

            var first = keyed[i].Item;
            if (j == i + 1 && first.Meta.MinTime >= mint && first.Meta.MaxTime < maxt)
            {
                result.Add(first);
            }
            else
            {
                var run = new List<IChunk>(j - i);
                for (var k = i; k < j; k++)
                {
                    run.Add(keyed[k].Item.Chunk);
                }

                Reencode(MergeSamples(run, mint, maxt), result);
            }

            i = j;
        }

        return result;
    }

    /// <summary>All samples of <paramref name="run"/> in [mint, maxt), in time order, first occurrence of a timestamp wins.</summary>
    private static List<Sample> MergeSamples(List<IChunk> run, long mint, long maxt)
    {
        var all = new List<(Sample S, int Source)>();
        for (var c = 0; c < run.Count; c++)
        {
            var it = run[c].Iterator();
            while (it.Next() == SampleKind.Float)
            {
                var s = it.At();
                if (s.T >= mint && s.T < maxt)
                {
                    all.Add((s, c));
                }
            }

            if (it.Error is { } e)
            {
                throw new InvalidDataException("cannot decode chunk while merging: " + e.Message, e);
            }
        }

        all.Sort(static (a, b) => a.S.T != b.S.T ? a.S.T.CompareTo(b.S.T) : a.Source.CompareTo(b.Source));
        var merged = new List<Sample>(all.Count);
        foreach (var (s, _) in all)
        {
            if (merged.Count == 0 || merged[^1].T != s.T)
            {
                merged.Add(s);
            }
        }

        return merged;
    }

    private static void Reencode(List<Sample> samples, List<(ChunkMeta, IChunk)> into)
    {
        for (var i = 0; i < samples.Count; i += MaxSamplesPerChunk)
        {
            var n = Math.Min(MaxSamplesPerChunk, samples.Count - i);
            var chunk = new XorChunk();
            var app = chunk.Appender();
            for (var k = i; k < i + n; k++)
            {
                app.Append(samples[k].T, samples[k].V);
            }

            into.Add((new ChunkMeta(0, samples[i].T, samples[i + n - 1].T), chunk));
        }
    }
}
