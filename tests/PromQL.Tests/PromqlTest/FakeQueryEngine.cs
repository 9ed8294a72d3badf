using Tsdb.Storage;

namespace Tsdb.PromQL.Tests.PromqlTest;

/// <summary>One call the runner made to a fake engine.</summary>
internal sealed record FakeCall(bool IsRange, string Query, long Start, long End, long Step);

/// <summary>
/// A test double: answers each query text with a canned response. <see cref="Vector"/> also answers the
/// runner's range-mode re-run with a matrix holding the same values at every step, so a canned instant
/// vector is self-consistent; unknown queries throw a <see cref="PromQLException"/>.
/// </summary>
internal sealed class FakeQueryEngine : IQueryEngine
{
    private readonly Dictionary<string, Func<FakeCall, QueryResult>> _responses = new(StringComparer.Ordinal);

    public List<FakeCall> Calls { get; } = [];

    public FakeQueryEngine On(string query, Func<FakeCall, QueryResult> respond)
    {
        _responses[query] = respond;
        return this;
    }

    /// <summary>Instant: the samples; range: each sample's value at every step.</summary>
    public FakeQueryEngine Vector(string query, params (Labels Metric, double V)[] samples)
        => VectorWithAnnotations(query, [], [], samples);

    public FakeQueryEngine VectorWithAnnotations(string query, string[] warnings, string[] infos, params (Labels Metric, double V)[] samples)
        => On(query, call => call.IsRange
            ? new QueryResult(Matrix(call, samples), warnings, infos)
            : new QueryResult(new VectorValue([.. samples.Select(s => new VectorSample(s.Metric, call.Start, s.V))]), warnings, infos));

    public FakeQueryEngine Scalar(string query, double v)
        => On(query, call => call.IsRange
            ? new QueryResult(Matrix(call, [(Labels.Empty, v)]), [], [])
            : new QueryResult(new ScalarValue(call.Start, v), [], []));

    public FakeQueryEngine Value(string query, QueryValue value, string[]? warnings = null, string[]? infos = null)
        => On(query, _ => new QueryResult(value, warnings ?? [], infos ?? []));

    public FakeQueryEngine Throws(string query, Exception e) => On(query, _ => throw e);

    public QueryResult Instant(Func<long, long, Querier> querier, string query, long time, CancellationToken ct = default)
        => Answer(new FakeCall(false, query, time, time, 0));

    public QueryResult Range(Func<long, long, Querier> querier, string query, long start, long end, long step, CancellationToken ct = default)
        => Answer(new FakeCall(true, query, start, end, step));

    private QueryResult Answer(FakeCall call)
    {
        Calls.Add(call);
        return _responses.TryGetValue(call.Query, out var respond)
            ? respond(call)
            : throw new PromQLException(PromQLErrorType.BadData, $"no canned result for \"{call.Query}\"");
    }

    private static MatrixValue Matrix(FakeCall call, (Labels Metric, double V)[] samples)
    {
        var series = new List<Series>();
        foreach (var (metric, v) in samples.OrderBy(s => s.Metric))
        {
            var points = new List<Sample>();
            for (var t = call.Start; t <= call.End; t += call.Step)
            {
                points.Add(new Sample(t, v));
            }

            series.Add(new Series(metric, points));
        }

        return new MatrixValue(series);
    }
}
