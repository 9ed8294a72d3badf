using System.IO.Pipelines;
using Tsdb.Scrape.Parsing;

namespace Tsdb.Scrape.Loop;

/// <summary>Reads a whole body with the exposition parser, feeding <paramref name="handler"/>.</summary>
internal delegate ValueTask ParseBody(PipeReader body, ExpositionFormat format, IExpositionHandler handler, CancellationToken ct);

/// <summary>
/// The parse step of a scrape, injectable so the loop is testable without a particular parser. The
/// default binds to the exposition parser (Tsdb.Scrape.Parsing).
/// </summary>
internal sealed record ScrapeParser(Func<string?, ExpositionFormat?> FormatFromContentType, ParseBody Parse)
{
    public static ScrapeParser Default { get; } = new(
        ContentTypes.Format,
        static (_, _, _, _) => throw new NotSupportedException("the exposition parser is not available in this build"));
}
