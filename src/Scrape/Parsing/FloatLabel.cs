namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Which label's value Prometheus rewrites into canonical float form when decoding a series: it
/// follows the last <c># TYPE</c> line read (histogram: <c>le</c>, summary: <c>quantile</c>), exactly
/// as textparse's <c>normalizeFloatsInLabelValues(p.mtype, ...)</c> does.
/// </summary>
internal enum FloatLabel : byte
{
    None,
    Le,
    Quantile,
}
