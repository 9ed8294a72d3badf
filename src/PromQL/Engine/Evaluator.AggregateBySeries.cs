using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// Simple aggregations over series-major input (<see cref="AggregationGrid"/>): streamed straight from a selector
/// or range function when that is the aggregation's argument, or fed from an already evaluated vector.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>
    /// The per-step result of aggregating <paramref name="a"/>'s argument without materialising it, or null when
    /// the argument is not a selector or range function, or the grid would be too sparse (the caller then
    /// evaluates the argument as usual). Peak memory is the grid, however many series the argument selects.
    /// </summary>
    private List<Samp>[]? AggregateStreaming(AggregateExpr a, Grid grid, out bool gridFull)
    {
        gridFull = false;
        if (!AggregationGrid.Supports(a.Op))
        {
            return null;
        }

        var arg = a.Expr;
        while (arg is ParenExpr p)
        {
            arg = p.Expr;
        }

        var sink = new AggregationGrid(a, grid.Steps);
        try
        {
            switch (arg)
            {
                case VectorSelector vs:
                    EvalVectorSelector(vs, grid, false, sink, anyOrder: OrderFree(a));
                    break;
                case Call c when RangeFunctionArg(c) is var m and >= 0:
                    RangeFunction(c, grid, m, sink);
                    break;
                default:
                    return null;
            }
        }
        catch (AggregationGridFullException)
        {
            gridFull = true;
            return null;
        }

        return sink.Result();
    }

    /// <summary>
    /// Whether <paramref name="a"/>'s answer is the same whatever order its input series come in: a count or group
    /// (whose values do not depend on the order) that is a range query's root (whose series are sorted at the end)
    /// or has a single group (whose order within a step is moot). A sum's rounding depends on the order.
    /// </summary>
    private bool OrderFree(AggregateExpr a) => a.Op is AggregationOp.Count or AggregationOp.Group
        && (ReferenceEquals(a, OrderFreeRoot) || (a.Grouping.Count == 0 && !a.Without));

    /// <summary>The per-step result over an evaluated series-major vector, or null when the grid would be too sparse.</summary>
    private List<Samp>[]? AggregateBySeries(AggregateExpr a, SeriesPoints input, int stepCount)
    {
        if (!AggregationGrid.Supports(a.Op))
        {
            return null;
        }

        var sink = new AggregationGrid(a, stepCount);
        var steps = input.StepIndexes;
        var values = input.Values;
        try
        {
            for (var s = 0; s < input.Count; s++)
            {
                if ((s & 1023) == 0)
                {
                    CheckCancellation();
                }

                var from = input.Start(s);
                var length = input.End(s) - from;
                sink.Take(input.Metric(s), input.DropName(s), steps.Slice(from, length), values.Slice(from, length));
            }
        }
        catch (AggregationGridFullException)
        {
            return null;
        }

        return sink.Result();
    }
}
