using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// Simple aggregations over a series-major input: each series' group is found once instead of once per step,
/// and a grid of <see cref="AggCell"/>s (step x group) takes the samples. A cell sees its samples in input
/// order, as the per-step path feeds them, so the floating-point results are the same bit for bit, and each
/// step lists its groups in order of first appearance at that step, as the per-step path does.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>The grid is not worth it (or too big) when it would be much larger than the input.</summary>
    private const long MinCellBudget = 1 << 20;

    /// <summary>The per-step result, or null when this path does not apply (the caller takes the per-step path).</summary>
    private List<Samp>[]? AggregateBySeries(AggregateExpr a, SeriesPoints input, int stepCount, Dictionary<Labels, Labels> cache)
    {
        if (a.Op is not (AggregationOp.Sum or AggregationOp.Avg or AggregationOp.Count or AggregationOp.Group
            or AggregationOp.Min or AggregationOp.Max or AggregationOp.Stddev or AggregationOp.Stdvar))
        {
            return null;
        }

        var groupIndex = new Dictionary<Labels, int>();
        var groupLabels = new List<Labels>();
        var groupOf = new int[input.Count];
        for (var s = 0; s < input.Count; s++)
        {
            var key = GroupLabels(a, input.Metric(s), cache);
            if (!groupIndex.TryGetValue(key, out var g))
            {
                g = groupLabels.Count;
                groupIndex.Add(key, g);
                groupLabels.Add(key);
            }

            groupOf[s] = g;
        }

        var groups = groupLabels.Count;
        if ((long)groups * stepCount > Math.Max(MinCellBudget, 2L * input.TotalPoints))
        {
            return null;
        }

        var cells = new AggCell[groups * stepCount];
        var steps = input.StepIndexes;
        var values = input.Values;
        var op = a.Op;
        for (var s = 0; s < input.Count; s++)
        {
            if ((s & 1023) == 0)
            {
                CheckCancellation();
            }

            var g = groupOf[s];
            var drop = input.DropName(s);
            for (var p = input.Start(s); p < input.End(s); p++)
            {
                ref var cell = ref cells[(steps[p] * groups) + g];
                if (cell.Count == 0)
                {
                    cell.Start(op, values[p], drop, s);
                }
                else
                {
                    cell.Add(op, values[p], drop);
                }
            }
        }

        var result = new List<Samp>[stepCount];
        var present = new List<int>(groups);
        for (var i = 0; i < stepCount; i++)
        {
            present.Clear();
            var row = cells.AsSpan(i * groups, groups);
            for (var g = 0; g < groups; g++)
            {
                if (row[g].Count > 0)
                {
                    present.Add(g);
                }
            }

            // Group indexes follow the first series overall; a step's order follows its own first series.
            present.Sort((x, y) => cells[(i * groups) + x].First.CompareTo(cells[(i * groups) + y].First));
            var step = new List<Samp>(present.Count);
            foreach (var g in present)
            {
                var metric = groupLabels[g];
                step.Add(new Samp(metric, row[g].Result(op), row[g].DropName && metric.Has(Label.MetricName)));
            }

            result[i] = step;
        }

        return result;
    }
}
