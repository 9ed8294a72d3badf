using Tsdb.Storage.Wal;

namespace Tsdb.Storage;

/// <summary>What rebuilding the head from the WAL found.</summary>
public sealed record HeadReplayStats(long Records, long Series, long Samples, long UnknownRefSamples, long SkippedOutOfBounds, long RejectedSamples, string? Warning);

public sealed partial class Head
{
    /// <summary>
    /// Rebuilds the head from the WAL (checkpoint, then log) and then logs new data to it. Samples
    /// older than <see cref="MinValidTime"/> are already in blocks and are skipped. Corruption never
    /// throws: the log is cut at the last valid record and the result carries the warning.
    /// </summary>
    internal HeadReplayStats ReplayAndAttach(IWriteAheadLog wal)
    {
        // Replayed series must not be logged again: the log already has them.
        Log = NoHeadLog.Instance;
        var refMap = new Dictionary<ulong, MemSeries>();
        var relog = new List<MemSeries>();
        var series = new List<RefSeries>();
        var samples = new List<RefSample>();
        var tombstones = new List<RefTombstone>();
        long seriesCount = 0, sampleCount = 0, unknown = 0, oob = 0, rejected = 0;
        long mint = long.MaxValue, maxt = long.MinValue;
        var minValid = MinValidTime;
        var chunkRange = Options.ChunkRange;
        var result = wal.Replay(record =>
        {
            switch (WalRecords.GetRecordType(record))
            {
                case WalRecordType.Series:
                    series.Clear();
                    WalRecords.DecodeSeries(record, series, _interner.Intern);
                    foreach (var rs in series)
                    {
                        // A series GC'd and re-created later has a new ref: both refs map to one series.
                        var existed = SeriesByLabels(rs.Labels) is not null;
                        var ms = Create(rs.Labels, rs.Ref);
                        if (existed && ms.Ref != rs.Ref)
                        {
                            // Samples under this ref belong to ms: checkpoints must keep its record.
                            _aliases[rs.Ref] = ms;
                        }
                        else if (!existed && ms.Ref != rs.Ref)
                        {
                            // The ref belongs to another series already (a damaged log): the series got a
                            // fresh ref, which must reach the log before any sample that uses it.
                            relog.Add(ms);
                        }

                        refMap[rs.Ref] = ms;
                        seriesCount++;
                    }

                    break;
                case WalRecordType.Samples:
                    samples.Clear();
                    WalRecords.DecodeSamples(record, samples);
                    foreach (var s in samples)
                    {
                        if (!refMap.TryGetValue(s.Ref, out var ms))
                        {
                            unknown++;
                            continue;
                        }

                        if (s.T < minValid)
                        {
                            oob++;
                            continue;
                        }

                        if (ms.IsRepeat(s.T, s.V))
                        {
                            continue;
                        }

                        if (ms.Append(s.T, s.V, chunkRange, out var cut) != AppendError.None)
                        {
                            rejected++;
                            continue;
                        }

                        if (cut)
                        {
                            _chunksCreated++;
                        }

                        sampleCount++;
                        mint = Math.Min(mint, s.T);
                        maxt = Math.Max(maxt, s.T);
                    }

                    break;
                case WalRecordType.Tombstones:
                    tombstones.Clear();
                    WalRecords.DecodeTombstones(record, tombstones);
                    for (var i = tombstones.Count - 1; i >= 0; i--)
                    {
                        // Logged under the series' ref at the time; replay may have given it another one.
                        if (refMap.TryGetValue(tombstones[i].Ref, out var target))
                        {
                            tombstones[i] = tombstones[i] with { Ref = target.Ref };
                        }
                        else
                        {
                            tombstones.RemoveAt(i);
                        }
                    }

                    ApplyTombstones(tombstones);
                    break;
                default:
                    break;
            }
        });
        if (sampleCount > 0)
        {
            UpdateTimeBounds(mint, maxt, (int)Math.Min(sampleCount, int.MaxValue), 0);
        }

        Log = new WalHeadLog(wal);
        foreach (var ms in relog)
        {
            Log.LogSeries(ms.Ref, ms.Labels);
        }

        // Series whose samples all lie in blocks (or were dropped) come back empty: collect them now
        // rather than at the next truncation, so they do not show up in label look-ups.
        Truncate(minValid);
        return new HeadReplayStats(result.RecordsRead, seriesCount, sampleCount, unknown, oob, rejected, result.Warning);
    }

    /// <summary>Sets the floor before replay: the end of the newest persisted block.</summary>
    internal void InitMinValidTime(long t) => _minValidTime = t;

    /// <summary>
    /// Whether the WAL records of this ref must survive a checkpoint: the ref of a series in the head,
    /// or an older ref of one (a series re-created under a new ref and merged back by replay).
    /// </summary>
    internal bool IsLive(ulong seriesRef) =>
        _byRef.ContainsKey(seriesRef) || (_aliases.TryGetValue(seriesRef, out var s) && !s.Deleted);
}
