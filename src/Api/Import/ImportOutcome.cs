using Tsdb.Storage;
using Tsdb.Storage.Blocks;

namespace Tsdb.Api.Import;

/// <summary>What one import stored and what it refused, with the counts the 400 answer carries.</summary>
internal sealed class ImportOutcome
{
    public int InvalidSamples { get; init; }

    public IReadOnlyList<string> InvalidReasons { get; init; } = [];

    /// <summary>The commit of the samples recent enough for the head (null when there were none).</summary>
    public AppendResult? Head { get; init; }

    /// <summary>The backfill of the older samples (null when there were none).</summary>
    public BlockBackfill? Backfill { get; init; }

    public IReadOnlyList<BlockMeta> Blocks { get; init; } = [];

    public int Rejected => InvalidSamples + (Head?.Rejected ?? 0) + (Backfill?.Conflicts ?? 0);

    public int Stored => (Head?.Appended ?? 0) + (int)(Backfill is { } b ? b.Added - b.DuplicatesDropped - b.Conflicts : 0);

    /// <summary>The 400 body: the counts, then a line per kind of problem.</summary>
    public string Message()
    {
        var lines = new List<string> { $"{Rejected} of {Rejected + Stored} samples rejected, {Stored} stored" };
        if (InvalidSamples > 0)
        {
            lines.Add($"{InvalidSamples} samples of series with invalid labels; first reasons:");
            lines.AddRange(InvalidReasons.Select(static r => "  " + r));
        }

        if (Head is { Rejected: > 0 } head)
        {
            lines.Add(head.Describe());
        }

        if (Backfill is { Conflicts: > 0 } backfill)
        {
            lines.Add($"{backfill.Conflicts} samples older than the head repeat a timestamp with another value; first: {backfill.ConflictDetails[0]}");
        }

        return string.Join('\n', lines);
    }
}
