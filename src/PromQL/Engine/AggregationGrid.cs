using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// A simple aggregation (sum, avg, count, group, min, max, stddev, stdvar) of a series-major input: each series'
/// group is found once instead of once per step, and a grid of <see cref="AggCell"/>s (group x step) takes its
/// points. A cell sees its samples in input order, as the per-step path feeds them, so the floating-point results
/// are the same bit for bit, and each step lists its groups in order of first appearance at that step, as the
/// per-step path does. Fed through <see cref="ISeriesSink"/> it needs memory for the grid only, not the input.
/// </summary>
internal sealed class AggregationGrid : ISeriesSink
{
    /// <summary>Any grid up to this many cells is fine; beyond, it must stay within twice the points seen.</summary>
    private const long MinCellBudget = 1 << 20;

    private readonly AggregationOp _op;
    private readonly int _stepCount;
    private readonly GroupIndex _groups;
    private AggCell[] _cells;
    private int _series;
    private long _points;

    public AggregationGrid(AggregateExpr expr, int stepCount)
    {
        _op = expr.Op;
        _stepCount = stepCount;
        _groups = new GroupIndex(expr);
        _cells = new AggCell[Math.Max(stepCount, 1) * 16];
    }

    /// <summary>Whether the grid computes this aggregation.</summary>
    public static bool Supports(AggregationOp op) => op is AggregationOp.Sum or AggregationOp.Avg or AggregationOp.Count
        or AggregationOp.Group or AggregationOp.Min or AggregationOp.Max or AggregationOp.Stddev or AggregationOp.Stdvar;

    /// <summary>
    /// Adds one series' points (steps increasing). Throws <see cref="AggregationGridFullException"/>, having added
    /// nothing, when a new group would make the grid much larger than the input so far: many groups with few points
    /// each are cheaper step by step.
    /// </summary>
    public void Take(Labels metric, bool dropName, ReadOnlySpan<int> steps, ReadOnlySpan<double> values)
    {
        var g = _groups.Find(metric, out var hash);
        if (g < 0)
        {
            long cells = (long)(_groups.Count + 1) * _stepCount;
            if (cells > Math.Max(MinCellBudget, 2 * (_points + steps.Length)) || cells > Array.MaxLength)
            {
                throw new AggregationGridFullException();
            }

            if (cells > _cells.Length)
            {
                Array.Resize(ref _cells, (int)Math.Min(Math.Max(cells, 2L * _cells.Length), Array.MaxLength));
            }

            g = _groups.Add(metric, hash);
        }

        var row = _cells.AsSpan(g * _stepCount, _stepCount);
        var s = _series++;
        for (var p = 0; p < steps.Length; p++)
        {
            ref var cell = ref row[steps[p]];
            if (cell.Count == 0)
            {
                cell.Start(_op, values[p], dropName, s);
            }
            else
            {
                cell.Add(_op, values[p], dropName);
            }
        }

        _points += steps.Length;
    }

    /// <summary>The per-step output: each step's groups in the order their first series came.</summary>
    public List<Samp>[] Result()
    {
        var groups = _groups.Count;
        var result = new List<Samp>[_stepCount];
        var present = new List<int>(groups);
        for (var i = 0; i < _stepCount; i++)
        {
            present.Clear();
            for (var g = 0; g < groups; g++)
            {
                if (_cells[(g * _stepCount) + i].Count > 0)
                {
                    present.Add(g);
                }
            }

            // Group indexes follow the first series overall; a step's order follows its own first series.
            var step = i;
            present.Sort((x, y) => _cells[(x * _stepCount) + step].First.CompareTo(_cells[(y * _stepCount) + step].First));
            var output = new List<Samp>(present.Count);
            foreach (var g in present)
            {
                ref readonly var cell = ref _cells[(g * _stepCount) + i];
                var metric = _groups[g];
                output.Add(new Samp(metric, cell.Result(_op), cell.DropName && metric.Has(Label.MetricName)));
            }

            result[i] = output;
        }

        return result;
    }
}

/// <summary>The grid would be too sparse for its input; the caller aggregates step by step instead.</summary>
internal sealed class AggregationGridFullException : Exception
{
    public AggregationGridFullException()
        : base("aggregation grid budget exceeded")
    {
    }
}
