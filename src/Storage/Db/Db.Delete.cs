using Tsdb.Storage.Blocks;

namespace Tsdb.Storage;

public sealed partial class Db
{
    /// <summary>
    /// Deletes the samples of series matching all <paramref name="matchers"/> in [mint, maxt]
    /// (inclusive; Prometheus DB.Delete): tombstones in every overlapping block (its tombstones file and
    /// meta.json) and in the head (logged to the WAL). Queriers opened afterwards no longer see the
    /// samples; compaction and <see cref="CleanTombstones"/> remove them from disk. Durable on return.
    /// </summary>
    public void Delete(long mint, long maxt, params Matcher[] matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        // The compaction lock keeps the block list fixed, and no compaction reads a block's tombstones
        // or the head's while they change (a merge started before would drop the new deletions).
        lock (_compactionLock)
        {
            foreach (var b in _blocks)
            {
                if (b.MinTime <= maxt && b.MaxTime > mint)
                {
                    b.Delete(mint, maxt, matchers);
                }
            }

            Head.Delete(mint, maxt, matchers);
        }
    }

    /// <summary>
    /// Rewrites every block that has tombstones without the deleted samples (Prometheus
    /// DB.CleanTombstones). Each new block replaces its old one in one publish; the old one is deleted
    /// once its last reader is done. A block whose data was all deleted is removed without a successor.
    /// Returns the number of blocks rewritten or removed.
    /// </summary>
    public int CleanTombstones()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var cleaned = 0;
        lock (_compactionLock)
        {
            foreach (var b in _blocks)
            {
                if (b.Tombstones.IsEmpty)
                {
                    continue;
                }

                var fresh = _compactor.Rewrite(Directory, b);
                Publish(added: fresh is null ? [] : [fresh], removed: [b]);
                cleaned++;
                Options.Log?.Invoke(fresh is null
                    ? $"clean tombstones: every sample of {b} was deleted; block removed"
                    : $"clean tombstones: {b} rewritten as {fresh.Ulid}");
            }
        }

        return cleaned;
    }
}
