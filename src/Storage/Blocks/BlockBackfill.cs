using Tsdb.Storage.Chunks;
using Tsdb.Storage.Index;

namespace Tsdb.Storage.Blocks;

/// <summary>
/// Turns samples given in any order into blocks, as promtool <c>tsdb create-blocks-from</c> does:
/// one block per block-duration window that has data (windows aligned to multiples of the
/// duration, 2 h by default), each spanning its first sample to its last sample + 1 (as
/// Prometheus's tsdb BlockWriter sets minTime/maxTime), with XOR chunks of up to 120 samples.
/// <para>
/// Samples are buffered in memory until <see cref="Write"/>. Within a series, repeats of a
/// (timestamp, value) are dropped; a second, different value for a timestamp is a conflict: the
/// first one added wins and the conflict is counted (callers decide whether that fails the import).
/// </para>
/// </summary>
public sealed class BlockBackfill
{
    private readonly Dictionary<Labels, List<Sample>> _series = [];
    private readonly List<SampleError> _conflictDetails = [];
    private bool _sealed;

    public BlockBackfill(long blockDuration = CompactionPlanner.DefaultBlockDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockDuration, 1);
        BlockDuration = blockDuration;
    }

    public long BlockDuration { get; }

    /// <summary>Samples added (before duplicates are dropped).</summary>
    public long Added { get; private set; }

    public int SeriesCount => _series.Count;

    /// <summary>Oldest timestamp added, long.MaxValue when empty.</summary>
    public long MinTime { get; private set; } = long.MaxValue;

    /// <summary>Newest timestamp added, long.MinValue when empty.</summary>
    public long MaxTime { get; private set; } = long.MinValue;

    /// <summary>Samples whose timestamp already had another value in their series (known after <see cref="Seal"/>).</summary>
    public int Conflicts { get; private set; }

    /// <summary>The first conflicts, for error messages (known after <see cref="Seal"/>).</summary>
    public IReadOnlyList<SampleError> ConflictDetails => _conflictDetails;

    /// <summary>Exact repeats dropped (known after <see cref="Seal"/>).</summary>
    public int DuplicatesDropped { get; private set; }

    public void Add(Labels labels, long t, double v)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (_sealed)
        {
            throw new InvalidOperationException("the backfill was sealed; no samples can be added");
        }

        if (labels.Count == 0)
        {
            throw new ArgumentException("a series needs at least one label", nameof(labels));
        }

        if (!_series.TryGetValue(labels, out var samples))
        {
            _series[labels] = samples = [];
        }

        samples.Add(new Sample(t, v));
        Added++;
        MinTime = Math.Min(MinTime, t);
        MaxTime = Math.Max(MaxTime, t);
    }

    /// <summary>Sorts each series by time and resolves repeated timestamps; idempotent, called by <see cref="Write"/>.</summary>
    public void Seal()
    {
        if (_sealed)
        {
            return;
        }

        _sealed = true;
        foreach (var (labels, samples) in _series)
        {
            // Stable, so that of two values for one timestamp the one added first wins.
            var sorted = samples.Select(static (s, i) => (s, i)).OrderBy(static x => x.s.T).ThenBy(static x => x.i).Select(static x => x.s).ToList();
            samples.Clear();
            foreach (var s in sorted)
            {
                if (samples.Count > 0 && samples[^1].T == s.T)
                {
                    if (BitConverter.DoubleToInt64Bits(samples[^1].V) == BitConverter.DoubleToInt64Bits(s.V))
                    {
                        DuplicatesDropped++;
                    }
                    else
                    {
                        Conflicts++;
                        if (_conflictDetails.Count < AppendResult.MaxErrorDetails)
                        {
                            _conflictDetails.Add(new SampleError(labels, s.T, AppendError.DuplicateTimestamp));
                        }
                    }

                    continue;
                }

                samples.Add(s);
            }
        }
    }

    /// <summary>
    /// Writes one block per window with data into <paramref name="dir"/> (each built in a temporary
    /// directory and renamed into place by <see cref="BlockWriter"/>), oldest first, and returns
    /// their metas. Nothing is written for an empty backfill.
    /// </summary>
    public IReadOnlyList<BlockMeta> Write(string dir, CancellationToken cancellationToken = default)
    {
        Seal();
        var windows = new SortedDictionary<long, List<BlockSeries>>();
        var ordered = _series.Keys.ToList();
        ordered.Sort(static (a, b) => a.CompareTo(b));
        foreach (var labels in ordered)
        {
            var samples = _series[labels];
            for (var i = 0; i < samples.Count;)
            {
                var window = WindowStart(samples[i].T);
                var end = i;
                while (end < samples.Count && WindowStart(samples[end].T) == window)
                {
                    end++;
                }

                if (!windows.TryGetValue(window, out var list))
                {
                    windows[window] = list = [];
                }

                list.Add(new BlockSeries(labels, Encode(samples, i, end)));
                i = end;
            }
        }

        var metas = new List<BlockMeta>(windows.Count);
        var writer = new BlockWriter();
        foreach (var (_, series) in windows)
        {
            long mint = long.MaxValue, maxt = long.MinValue;
            foreach (var s in series)
            {
                mint = Math.Min(mint, s.Chunks[0].Meta.MinTime);
                maxt = Math.Max(maxt, s.Chunks[^1].Meta.MaxTime);
            }

            // maxTime is exclusive; a sample at long.MaxValue cannot be stored in a block.
            metas.Add(writer.Write(dir, mint, checked(maxt + 1), series, cancellationToken));
        }

        return metas;
    }

    /// <summary>The start of the aligned window holding <paramref name="t"/> (floor, also for negative times).</summary>
    private long WindowStart(long t) => t - (((t % BlockDuration) + BlockDuration) % BlockDuration);

    private static List<(ChunkMeta Meta, IChunk Chunk)> Encode(List<Sample> samples, int from, int to)
    {
        var chunks = new List<(ChunkMeta, IChunk)>(((to - from) / ChunkNormalizer.MaxSamplesPerChunk) + 1);
        for (var i = from; i < to; i += ChunkNormalizer.MaxSamplesPerChunk)
        {
            var n = Math.Min(ChunkNormalizer.MaxSamplesPerChunk, to - i);
            var chunk = new XorChunk();
            var app = chunk.Appender();
            for (var k = i; k < i + n; k++)
            {
                app.Append(samples[k].T, samples[k].V);
            }

            chunks.Add((new ChunkMeta(0, samples[i].T, samples[i + n - 1].T), chunk));
        }

        return chunks;
    }
}
