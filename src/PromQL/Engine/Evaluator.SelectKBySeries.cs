using Tsdb.PromQL.Ast;
using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// topk and bottomk over a series-major input whose per-step order nobody observes (a range query's root,
/// which becomes a matrix sorted by labels): the chosen points are marked in place and the result stays
/// series-major, instead of rebuilding a list of samples per step, a group dictionary per step and then
/// regrouping the per-step output by labels for the matrix.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>Above this k the per-group linear scan for the worst kept point stops being cheap; the per-step path sorts.</summary>
    private const int MaxLinearK = 64;

    /// <summary>A range query's root expression: its output order per step is not observable (the matrix is sorted by labels).</summary>
    internal Expr? OrderFreeRoot { get; set; }

    /// <summary>The series-major result, or null when this path does not apply (the caller takes the per-step path).</summary>
    private SeriesPoints? SelectKBySeries(AggregateExpr a, SeriesPoints input, int stepCount, double[] param, Dictionary<Labels, Labels> cache)
    {
        if (a.Op is not (AggregationOp.Topk or AggregationOp.Bottomk) || !ReferenceEquals(a, OrderFreeRoot) || param.Length != stepCount)
        {
            return null;
        }

        // The per-step path checks every step's k (NaN and overflow fail even at empty steps); so does this.
        var ks = new int[stepCount];
        for (var i = 0; i < stepCount; i++)
        {
            var k = KParam(param[i]);
            if (k > MaxLinearK)
            {
                return null;
            }

            ks[i] = (int)Math.Max(k, 0);
        }

        var groupIndex = new Dictionary<Labels, int>();
        var groupOf = new int[input.Count];
        for (var s = 0; s < input.Count; s++)
        {
            var key = GroupLabels(a, input.Metric(s), cache);
            if (!groupIndex.TryGetValue(key, out var g))
            {
                g = groupIndex.Count;
                groupIndex.Add(key, g);
            }

            groupOf[s] = g;
        }

        // A step-major view of the points: each step's points in series order, as the per-step path sees them.
        var steps = input.StepIndexes;
        var values = input.Values;
        var stepStart = new int[stepCount + 1];
        foreach (var st in steps)
        {
            stepStart[st + 1]++;
        }

        for (var i = 0; i < stepCount; i++)
        {
            stepStart[i + 1] += stepStart[i];
        }

        var fill = stepStart.AsSpan(0, stepCount).ToArray();
        var byStep = new int[steps.Length];
        var groupOfPoint = new int[steps.Length];
        for (var s = 0; s < input.Count; s++)
        {
            for (var p = input.Start(s); p < input.End(s); p++)
            {
                var slot = fill[steps[p]]++;
                byStep[slot] = p;
                groupOfPoint[slot] = groupOf[s];
            }
        }

        var groups = groupIndex.Count;
        var top = a.Op == AggregationOp.Topk;
        var keep = new bool[steps.Length];
        var counts = new int[groups];
        var chosen = Array.Empty<int>();
        var kept = 0;
        for (var i = 0; i < stepCount; i++)
        {
            if ((i & 63) == 0)
            {
                CheckCancellation();
            }

            var k = ks[i];
            if (k == 0 || stepStart[i] == stepStart[i + 1])
            {
                continue;
            }

            if (chosen.Length < groups * k)
            {
                chosen = new int[groups * k];
            }

            Array.Clear(counts);
            for (var slot = stepStart[i]; slot < stepStart[i + 1]; slot++)
            {
                var p = byStep[slot];
                var g = groupOfPoint[slot];
                var mine = chosen.AsSpan(g * k, k);
                if (counts[g] < k)
                {
                    mine[counts[g]++] = p;
                    continue;
                }

                // Full: replace the worst kept point when this one ranks strictly before it (ties keep the earlier series).
                var worst = 0;
                for (var j = 1; j < k; j++)
                {
                    if (Ranks(top, values[mine[worst]], values[mine[j]]) < 0)
                    {
                        worst = j;
                    }
                }

                if (Ranks(top, values[p], values[mine[worst]]) < 0)
                {
                    mine[worst] = p;
                }
            }

            for (var g = 0; g < groups; g++)
            {
                foreach (var p in chosen.AsSpan(g * k, counts[g]))
                {
                    keep[p] = true;
                }

                kept += counts[g];
            }
        }

        var result = new SeriesPoints(Math.Min(input.Count, kept), kept);
        for (var s = 0; s < input.Count; s++)
        {
            for (var p = input.Start(s); p < input.End(s); p++)
            {
                if (keep[p])
                {
                    result.Add(steps[p], values[p]);
                }
            }

            result.EndSeries(input.Metric(s), input.DropName(s));
        }

        return result;
    }

    /// <summary>The per-step path's sort order: negative when x comes before y (topk descending, bottomk ascending, NaN last).</summary>
    private static int Ranks(bool top, double x, double y) => top ? Desc(x, y) : Asc(x, y);
}
