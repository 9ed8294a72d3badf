using System.Globalization;
using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// Evaluates one query: every node once over the whole step grid (as Prometheus's rangeEval), producing a
/// value per step. Holds the query's annotations, sample accounting and the queriers it opened.
/// </summary>
internal sealed partial class Evaluator : IDisposable
{
    private readonly EngineOptions _options;
    private readonly Func<long, long, Querier> _querierFactory;
    private readonly CancellationToken _ct;
    private readonly string _query;
    private readonly List<Querier> _queriers = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _infos = [];
    private readonly HashSet<string> _seenAnnotations = new(StringComparer.Ordinal);
    private readonly long _deadline;
    private long _currentSamples;

    public Evaluator(EngineOptions options, Func<long, long, Querier> querierFactory, string query, long queryStart, long queryEnd,
        CancellationToken ct, TimeSpan? timeout = null)
    {
        _options = options;
        _querierFactory = querierFactory;
        _query = query;
        QueryStart = queryStart;
        QueryEnd = queryEnd;
        _ct = ct;
        var limit = timeout is { } t && t < options.Timeout ? t : options.Timeout;
        var ticks = limit.TotalSeconds * System.Diagnostics.Stopwatch.Frequency;
        _deadline = ticks >= long.MaxValue / 2 ? long.MaxValue : System.Diagnostics.Stopwatch.GetTimestamp() + (long)ticks;
    }

    public long QueryStart { get; }

    public long QueryEnd { get; }

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<string> Infos => _infos;

    public void Dispose()
    {
        foreach (var q in _queriers)
        {
            q.Dispose();
        }

        _queriers.Clear();
    }

    public EvalValue Eval(Expr expr, Grid grid)
    {
        CheckCancellation();
        switch (expr)
        {
            case NumberLiteral n:
                return Fill(grid, n.Value);
            case StringLiteral s:
                return new StringVal(s.Value);
            case ParenExpr p:
                return Eval(p.Expr, grid);
            case UnaryExpr u:
                return EvalUnary(u, grid);
            case VectorSelector vs:
                return EvalVectorSelector(vs, grid, false);
            case BinaryExpr b:
                return EvalBinary(b, grid);
            case AggregateExpr a:
                return EvalAggregate(a, grid);
            case Call c:
                return EvalCall(c, grid);
            case MatrixSelector or SubqueryExpr:
                throw new PromQLException(PromQLErrorType.Execution,
                    $"unexpected range vector {expr} outside of a function call");
            default:
                throw new PromQLException(PromQLErrorType.Execution, $"unhandled expression of type {expr.GetType().Name}");
        }
    }

    private static ScalarSteps Fill(Grid grid, double v)
    {
        var values = new double[grid.Steps];
        Array.Fill(values, v);
        return new ScalarSteps(values);
    }

    /// <summary>Per-step output lists; <paramref name="capacity"/> (e.g. the input series count) avoids regrowth.</summary>
    private static List<Samp>[] NewSteps(int n, int capacity = 0)
    {
        var steps = new List<Samp>[n];
        for (var i = 0; i < n; i++)
        {
            steps[i] = new List<Samp>(capacity);
        }

        return steps;
    }

    private EvalValue EvalUnary(UnaryExpr u, Grid grid)
    {
        var v = Eval(u.Expr, grid);
        if (u.Op == UnaryOp.Add)
        {
            return v;
        }

        switch (v)
        {
            case ScalarSteps s:
                for (var i = 0; i < s.Values.Length; i++)
                {
                    s.Values[i] = -s.Values[i];
                }

                return s;
            case VectorSteps vec:
                foreach (var step in vec.Steps)
                {
                    for (var i = 0; i < step.Count; i++)
                    {
                        var e = step[i];
                        step[i] = new Samp(e.Metric, -e.V, true);
                    }
                }

                return vec;
            default:
                throw new PromQLException(PromQLErrorType.Execution, "unary expression only allowed on scalars and instant vectors");
        }
    }

    /// <summary>Resolves a selector's or subquery's @ modifier to an absolute time (ms), or null.</summary>
    private long? ResolveAt(long? timestamp, StartOrEnd startOrEnd) => startOrEnd switch
    {
        StartOrEnd.Start => QueryStart,
        StartOrEnd.End => QueryEnd,
        _ => timestamp,
    };

    private Querier OpenQuerier(long mint, long maxt)
    {
        var q = _querierFactory(mint, maxt);
        _queriers.Add(q);
        return q;
    }

    /// <summary>
    /// An instant vector selector over the grid: each series is read once for [first ref - lookback, last ref] and
    /// walked with a moving pointer; a stale sample ends the lookback. With <paramref name="timestamps"/> the value
    /// is the sample's timestamp in seconds (for timestamp()). With a <paramref name="sink"/> each series goes
    /// there instead of into the result, unaccounted, since it is not kept; <paramref name="anyOrder"/> lets the
    /// series come in storage order instead of sorted by labels, for a sink whose answer does not depend on it.
    /// </summary>
    private VectorSteps EvalVectorSelector(VectorSelector vs, Grid grid, bool timestamps, ISeriesSink? sink = null, bool anyOrder = false)
    {
        var at = ResolveAt(vs.Timestamp, vs.StartOrEnd);
        var offset = vs.OriginalOffset;
        var n = grid.Steps;
        var firstRef = (at ?? grid.Start) - offset;
        var lastRef = (at ?? grid.End) - offset;
        var lookback = _options.LookbackDelta;
        var querier = OpenQuerier(firstRef - lookback + 1, lastRef);
        var series = querier.Select(vs.Matchers, sorted: !anyOrder);
        var output = sink is null ? new SeriesPoints(series.Count, (long)series.Count * n) : new SeriesPoints(sink, n);

        var buffer = SamplePool.Rent();
        ISampleIterator? it = null;
        try
        {
            foreach (var s in series)
            {
                CheckCancellation();
                it = s.Iterator(it);
                var count = 0;
                if (it.Seek(firstRef - lookback + 1) != SampleKind.None)
                {
                    do
                    {
                        var smp = it.At();
                        if (smp.T > lastRef)
                        {
                            break;
                        }

                        if (count == buffer.Length)
                        {
                            SamplePool.Grow(ref buffer);
                        }

                        buffer[count++] = smp;
                    }
                    while (it.Next() != SampleKind.None);
                }

                if (count == 0)
                {
                    continue;
                }

                var j = -1;
                var added = 0;
                for (var i = 0; i < n; i++)
                {
                    var refT = at is null ? grid.At(i) - offset : firstRef;
                    while (j + 1 < count && buffer[j + 1].T <= refT)
                    {
                        j++;
                    }

                    if (j < 0 || buffer[j].T <= refT - lookback || StaleNaN.Is(buffer[j].V))
                    {
                        continue;
                    }

                    output.Add(i, timestamps ? buffer[j].T / 1000.0 : buffer[j].V);
                    added++;
                }

                output.EndSeries(s.Labels, timestamps);
                if (!output.Streaming)
                {
                    AddSamples(added);
                }
            }
        }
        finally
        {
            SamplePool.Return(buffer);
        }

        return new VectorSteps(output, n);
    }

    /// <summary>A range-vector expression (top level of an instant query).</summary>
    public RangeSource EvalRangeInput(Expr expr, Grid grid) => EvalRange(expr, grid);

    /// <summary>The range-vector argument of a function: a matrix selector or a subquery.</summary>
    private RangeSource EvalRange(Expr expr, Grid grid)
    {
        switch (expr)
        {
            case ParenExpr p:
                return EvalRange(p.Expr, grid);
            case MatrixSelector ms:
            {
                var vs = ms.VectorSelector;
                var at = ResolveAt(vs.Timestamp, vs.StartOrEnd);
                var offset = vs.OriginalOffset;
                var firstRef = (at ?? grid.Start) - offset;
                var lastRef = (at ?? grid.End) - offset;
                var mint = firstRef - ms.Range + 1;
                var querier = OpenQuerier(mint, lastRef);
                return new SelectorRange(querier.Select(vs.Matchers), mint, lastRef, ms.Range, offset, at);
            }

            case SubqueryExpr sq:
                return EvalSubquery(sq, grid);
            default:
                throw new PromQLException(PromQLErrorType.Execution, $"expected a range vector, got {expr}");
        }
    }

    /// <summary>
    /// Evaluates a subquery's inner expression on its own grid: steps aligned to multiples of the subquery step in
    /// absolute time, the first one after (start - offset - range), up to end - offset.
    /// </summary>
    private MaterializedRange EvalSubquery(SubqueryExpr sq, Grid grid)
    {
        var at = ResolveAt(sq.Timestamp, sq.StartOrEnd);
        var offset = sq.OriginalOffset;
        var step = sq.Step > 0 ? sq.Step : _options.DefaultSubqueryStep;
        var firstRef = (at ?? grid.Start) - offset;
        var lastRef = (at ?? grid.End) - offset;
        var lowest = firstRef - sq.Range;
        var start = step * (lowest / step);
        if (start <= lowest)
        {
            start += step;
        }

        var entries = new List<MaterializedRange.Entry>();
        if (start > lastRef)
        {
            return new MaterializedRange(entries, sq.Range, offset, at);
        }

        var inner = new Grid(start, lastRef, step);
        var value = Eval(sq.Expr, inner);
        switch (value)
        {
            case ScalarSteps s:
            {
                var e = new MaterializedRange.Entry(Labels.Empty, false);
                for (var i = 0; i < s.Values.Length; i++)
                {
                    e.Points.Add(new Sample(inner.At(i), s.Values[i]));
                }

                entries.Add(e);
                break;
            }

            case VectorSteps v:
            {
                var index = new Dictionary<Labels, MaterializedRange.Entry>();
                for (var i = 0; i < v.Steps.Length; i++)
                {
                    var t = inner.At(i);
                    foreach (var smp in v.Steps[i])
                    {
                        if (!index.TryGetValue(smp.Metric, out var e))
                        {
                            e = new MaterializedRange.Entry(smp.Metric, smp.DropName);
                            index.Add(smp.Metric, e);
                            entries.Add(e);
                        }

                        e.DropName |= smp.DropName;
                        e.Points.Add(new Sample(t, smp.V));
                    }
                }

                ReleaseSamples(v.Total);
                entries.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
                break;
            }

            default:
                throw new PromQLException(PromQLErrorType.Execution, "subquery is only allowed on instant vector or scalar expressions");
        }

        return new MaterializedRange(entries, sq.Range, offset, at);
    }

    /// <summary>Checked per node, series and step: the caller's cancellation and the query deadline.</summary>
    private void CheckCancellation()
    {
        if (_ct.IsCancellationRequested)
        {
            throw new PromQLException(PromQLErrorType.Canceled, "query was canceled in query execution");
        }

        if (System.Diagnostics.Stopwatch.GetTimestamp() > _deadline)
        {
            throw new PromQLException(PromQLErrorType.Timeout, "query timed out in query execution");
        }
    }

    /// <summary>Accounts <paramref name="n"/> more samples in memory, failing past the limit.</summary>
    internal void AddSamples(long n)
    {
        _currentSamples += n;
        if (_currentSamples > _options.MaxSamples)
        {
            throw new PromQLException(PromQLErrorType.Execution, "query processing would load too many samples into memory in query execution");
        }
    }

    internal void ReleaseSamples(long n) => _currentSamples = Math.Max(0, _currentSamples - n);

    /// <summary>Records a warning ("PromQL warning: ...") with the node's position, once per text.</summary>
    private void Warn(string text, Expr? node) => Annotate(_warnings, "PromQL warning: " + text, node);

    private void Info(string text, Expr? node) => Annotate(_infos, "PromQL info: " + text, node);

    private void Annotate(List<string> into, string text, Expr? node)
    {
        if (node is not null)
        {
            text += " (" + Position(node.PositionRange.Start) + ")";
        }

        if (_seenAnnotations.Add(text))
        {
            into.Add(text);
        }
    }

    private string Position(int offset)
    {
        var line = 1;
        var col = 1;
        for (var i = 0; i < offset && i < _query.Length; i++)
        {
            if (_query[i] == '\n')
            {
                line++;
                col = 1;
            }
            else
            {
                col++;
            }
        }

        return line.ToString(CultureInfo.InvariantCulture) + ":" + col.ToString(CultureInfo.InvariantCulture);
    }
}
