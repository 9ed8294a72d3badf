using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// The PromQL evaluator. An instant query is a range query with one step; every node is evaluated once over all
/// steps. Errors are <see cref="PromQLException"/>s: BadData for parse and request errors, Execution for
/// evaluation errors and limits, Timeout and Canceled.
/// </summary>
public sealed class PromQLEngine(EngineOptions options) : IQueryEngine
{
    public EngineOptions Options { get; } = options;

    public QueryResult Instant(Func<long, long, Querier> querier, string query, long time, CancellationToken ct = default) =>
        Instant(querier, query, time, null, ct);

    public QueryResult Range(Func<long, long, Querier> querier, string query, long start, long end, long step, CancellationToken ct = default) =>
        Range(querier, query, start, end, step, null, ct);

    /// <param name="timeout">a per-query deadline (the API's <c>timeout</c> parameter); the engine's own timeout still caps it.</param>
    public QueryResult Instant(Func<long, long, Querier> querier, string query, long time, TimeSpan? timeout, CancellationToken ct)
    {
        var expr = PromQLParser.ParseExpr(query);
        return Run(querier, query, time, time, false, ev =>
        {
            var grid = new Grid(time, time, 1);
            if (expr.Type == Ast.ValueType.Matrix)
            {
                return InstantMatrix(ev, expr, grid);
            }

            return ev.Eval(expr, grid) switch
            {
                ScalarSteps s => new ScalarValue(time, s.Values[0]),
                StringVal s => new StringValue(time, s.Value),
                VectorSteps v => new VectorValue(FinalVector(v.Steps[0], time)),
                _ => throw new PromQLException(PromQLErrorType.Execution, "unexpected result type"),
            };
        }, timeout, ct);
    }

    public QueryResult Range(Func<long, long, Querier> querier, string query, long start, long end, long step, TimeSpan? timeout, CancellationToken ct)
    {
        if (step <= 0)
        {
            throw new PromQLException(PromQLErrorType.BadData, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        if (end < start)
        {
            throw new PromQLException(PromQLErrorType.BadData, "end timestamp must not be before start time");
        }

        if ((end - start) / step + 1 > Options.MaxPointsPerSeries)
        {
            throw new PromQLException(PromQLErrorType.BadData,
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }

        var expr = PromQLParser.ParseExpr(query);
        if (expr.Type is not (Ast.ValueType.Scalar or Ast.ValueType.Vector))
        {
            throw new PromQLException(PromQLErrorType.BadData,
                $"invalid expression type \"{expr.Type.DocumentedName()}\" for range query, must be Scalar or instant Vector");
        }

        return Run(querier, query, start, end, true, ev =>
        {
            var grid = new Grid(start, end, step);
            var root = expr;
            while (root is ParenExpr p)
            {
                root = p.Expr;
            }

            ev.OrderFreeRoot = root;
            return ev.Eval(expr, grid) switch
            {
                ScalarSteps s => ScalarMatrix(s, grid),
                VectorSteps v => VectorMatrix(v, grid),
                _ => throw new PromQLException(PromQLErrorType.Execution, "unexpected result type"),
            };
        }, timeout, ct);
    }

    private QueryResult Run(Func<long, long, Querier> querier, string query, long start, long end, bool isRange,
        Func<Evaluator, QueryValue> body, TimeSpan? timeout, CancellationToken ct)
    {
        using var ev = new Evaluator(Options, querier, query, start, end, ct, timeout) { IsRangeQuery = isRange };
        try
        {
            var value = body(ev);
            return new QueryResult(value, [.. ev.Warnings], [.. ev.Infos]);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw new PromQLException(PromQLErrorType.Canceled, "query was canceled in query execution");
        }
        catch (InvalidMatcherException e)
        {
            throw new PromQLException(PromQLErrorType.BadData, e.Message, e);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException e)
        {
            throw new PromQLException(PromQLErrorType.Execution, e.Message, e);
        }
    }

    /// <summary>Drops __name__ where flagged and fails on duplicate label sets (Prometheus's cleanupMetricLabels).</summary>
    private static List<VectorSample> FinalVector(List<Samp> step, long t)
    {
        var result = new List<VectorSample>(step.Count);
        HashSet<Labels>? seen = step.Count > 1 ? [] : null;
        foreach (var s in step)
        {
            var m = s.DropName ? Evaluator.WithoutName(s.Metric) : s.Metric;
            if (seen is not null && !seen.Add(m))
            {
                throw new PromQLException(PromQLErrorType.Execution, "vector cannot contain metrics with the same labelset");
            }

            result.Add(new VectorSample(m, t, s.V));
        }

        return result;
    }

    private static MatrixValue ScalarMatrix(ScalarSteps s, Grid grid)
    {
        var points = new Sample[s.Values.Length];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Sample(grid.At(i), s.Values[i]);
        }

        return new MatrixValue([new Series(Labels.Empty, points)]);
    }

    private static MatrixValue VectorMatrix(VectorSteps v, Grid grid)
    {
        if (v.BySeries is { } bySeries && SeriesMatrix(bySeries, grid) is { } matrix)
        {
            return matrix;
        }

        var index = new Dictionary<Labels, List<Sample>>();
        var nameCache = new Dictionary<Labels, Labels>();
        for (var i = 0; i < v.Steps.Length; i++)
        {
            var t = grid.At(i);
            foreach (var s in v.Steps[i])
            {
                var m = s.Metric;
                if (s.DropName)
                {
                    if (!nameCache.TryGetValue(m, out var dropped))
                    {
                        dropped = Evaluator.WithoutName(m);
                        nameCache[m] = dropped;
                    }

                    m = dropped;
                }

                if (!index.TryGetValue(m, out var points))
                {
                    points = [];
                    index[m] = points;
                }
                else if (points.Count > 0 && points[^1].T == t)
                {
                    throw new PromQLException(PromQLErrorType.Execution, "vector cannot contain metrics with the same labelset");
                }

                points.Add(new Sample(t, s.V));
            }
        }

        var series = new List<Series>(index.Count);
        foreach (var (m, points) in index)
        {
            series.Add(new Series(m, points));
        }

        series.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
        return new MatrixValue(series);
    }

    /// <summary>
    /// The matrix of a series-major vector: each series' points are already together, so only dropping __name__
    /// can make two series one. When it does, null: the per-step path decides whether they collide at a step.
    /// </summary>
    private static MatrixValue? SeriesMatrix(SeriesPoints v, Grid grid)
    {
        var series = new List<Series>(v.Count);
        HashSet<Labels>? seen = null;
        var steps = v.StepIndexes;
        var values = v.Values;
        for (var s = 0; s < v.Count; s++)
        {
            var m = v.Metric(s);
            if (v.DropName(s))
            {
                m = Evaluator.WithoutName(m);
                seen ??= new HashSet<Labels>(v.Count);
            }

            var start = v.Start(s);
            var points = new Sample[v.End(s) - start];
            for (var p = 0; p < points.Length; p++)
            {
                points[p] = new Sample(grid.At(steps[start + p]), values[start + p]);
            }

            series.Add(new Series(m, points));
        }

        if (seen is not null)
        {
            foreach (var s in series)
            {
                if (!seen.Add(s.Metric))
                {
                    return null;
                }
            }
        }

        series.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
        return new MatrixValue(series);
    }

    private static MatrixValue InstantMatrix(Evaluator ev, Expr expr, Grid grid)
    {
        var src = ev.EvalRangeInput(expr, grid);
        var refT = src.RefTime(grid.Start);
        var mint = refT - src.Range;
        var series = new List<Series>();
        var buffer = SamplePool.Rent();
        try
        {
            for (var i = 0; i < src.Count; i++)
            {
                var n = src.Load(i, ref buffer);
                var points = new List<Sample>();
                for (var k = 0; k < n; k++)
                {
                    if (buffer[k].T > mint && buffer[k].T <= refT)
                    {
                        points.Add(buffer[k]);
                    }
                }

                if (points.Count > 0)
                {
                    ev.AddSamples(points.Count);
                    var m = src.DropName(i) ? Evaluator.WithoutName(src.Metric(i)) : src.Metric(i);
                    series.Add(new Series(m, points));
                }
            }
        }
        finally
        {
            SamplePool.Return(buffer);
        }

        return new MatrixValue(series);
    }
}
