using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// What <c>tsdb promqltest</c> runs against: the single place where the integrator plugs in the real
/// PromQL engine and the parser's selector extraction.
/// </summary>
public static class DefaultEngine
{
    /// <summary>The engine for <c>tsdb promqltest</c>: the PromQL evaluator with the default options.</summary>
    public static IQueryEngine? Create() => new PromQLEngine(EngineOptions.Default);

    /// <summary>
    /// The matchers of each vector selector of a query (from the parser), for skipping cases that read native
    /// histograms. A query that does not parse falls back to the text rule of <see cref="HistogramSkipRule"/>.
    /// </summary>
    public static Func<string, IReadOnlyList<IReadOnlyList<Matcher>>>? SelectorsOf { get; } =
        static query => AstWalker.VectorSelectors(PromQLParser.ParseExpr(query)).ConvertAll(static s => s.Matchers);
}
