using System.IO.Pipelines;
using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Loop;

/// <summary>
/// Reads a whole body, feeding <paramref name="handler"/>; more than <paramref name="bodySizeLimit"/>
/// bytes (0 = none) throws <see cref="BodySizeLimitExceededException"/>.
/// </summary>
internal delegate ValueTask ParseBody(PipeReader body, ExpositionFormat format, IExpositionHandler handler, long bodySizeLimit, CancellationToken ct);

/// <summary>
/// The parse step of a scrape: the exposition parser by default, injectable so tests can make it
/// fail on purpose.
/// </summary>
internal sealed record ScrapeParser(Func<string?, ExpositionFormat?> FormatFromContentType, ParseBody Parse)
{
    public static ScrapeParser Default { get; } = new(ExpositionReader.FormatFromContentType, ReadAsync);

    private static async ValueTask ReadAsync(PipeReader body, ExpositionFormat format, IExpositionHandler handler, long bodySizeLimit, CancellationToken ct) =>
        await ExpositionReader.ReadAsync(body, format, handler, ct, bodySizeLimit).ConfigureAwait(false);
}
