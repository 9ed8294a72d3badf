using Tsdb.Storage;
using Tsdb.Storage.Blocks;

namespace Tsdb.Api.Import;

/// <summary>
/// Stores collected import samples where they belong: samples the head still accepts (at or after
/// its minimum valid time) go through the normal appender, so they are in the WAL and durable
/// before the answer; older samples, which the head would refuse as out of bounds, become new
/// blocks (backfill).
/// </summary>
internal static class ImportStore
{
    public static async Task<ImportOutcome> StoreAsync(Db db, ImportCollector collected, CancellationToken ct)
    {
        // The minimum valid time only grows, so what is below it now stays below it.
        var minValid = db.Head.MinValidTime;
        HeadAppender? app = null;
        BlockBackfill? backfill = null;
        foreach (var (labels, t, v) in collected.Samples)
        {
            if (t >= minValid)
            {
                app ??= db.Appender();
                app.Append(0, labels, t, v);
            }
            else
            {
                backfill ??= new BlockBackfill(db.Options.BlockRange);
                backfill.Add(labels, t, v);
            }
        }

        var head = app is null ? null : await app.CommitAsync(ct).ConfigureAwait(false);
        IReadOnlyList<BlockMeta> blocks = [];
        if (backfill is not null)
        {
            // Writing blocks is blocking file I/O: a dedicated thread keeps it off the thread pool.
            blocks = await Task.Factory.StartNew(() => db.ImportBlocks(backfill, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }

        return new ImportOutcome
        {
            InvalidSamples = collected.InvalidSamples,
            InvalidReasons = collected.Reasons,
            Head = head,
            Backfill = backfill,
            Blocks = blocks,
        };
    }
}
