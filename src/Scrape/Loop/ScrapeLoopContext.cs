using Tsdb.Scrape.Config;
using Tsdb.Storage;

namespace Tsdb.Scrape.Loop;

/// <summary>What the loops of one scrape pool share: config, HTTP client, storage, parser, clock, metrics.</summary>
internal sealed class ScrapeLoopContext
{
    public required ScrapeConfig Config { get; init; }

    public required HttpClient Client { get; init; }

    public required Db Db { get; init; }

    public MetadataStore? Metadata { get; init; }

    public required ScrapeParser Parser { get; init; }

    public required TimeProvider Time { get; init; }

    public ulong OffsetSeed { get; init; }

    public required ScrapeMetrics Metrics { get; init; }

    public Action<string>? Log { get; init; }

    /// <summary>Cancelled on manager shutdown: loops stop without staleness markers.</summary>
    public CancellationToken Shutdown { get; init; }

    public void CountAppendErrors(AppendResult result)
    {
        if (result.OutOfOrder > 0)
        {
            Metrics.OutOfOrder.Add(result.OutOfOrder);
        }

        if (result.Duplicates > 0)
        {
            Metrics.Duplicate.Add(result.Duplicates);
        }

        if (result.OutOfBounds > 0)
        {
            Metrics.OutOfBounds.Add(result.OutOfBounds);
        }
    }
}
