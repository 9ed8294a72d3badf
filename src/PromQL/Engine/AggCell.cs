using Tsdb.PromQL.Ast;

namespace Tsdb.PromQL;

/// <summary>
/// The running state of one group of a simple aggregation (sum, avg, count, group, min, max, stddev, stdvar)
/// at one step, fed the group's samples in input order. A struct, so a whole grid of them is one array.
/// quantile keeps its values beside it.
/// </summary>
internal struct AggCell
{
    public double Value;
    public double Compensation;
    public double Mean;
    public long Count;
    public bool DropName;

    /// <summary>Input position of the first sample, which orders a step's groups as Prometheus emits them.</summary>
    public int First;

    public void Start(AggregationOp op, double v, bool dropName, int first)
    {
        Value = op switch
        {
            // stddev/stdvar accumulate squared deviations; an infinite or NaN input poisons them.
            AggregationOp.Stddev or AggregationOp.Stdvar => double.IsFinite(v) ? 0 : double.NaN,
            AggregationOp.Group => 1,
            _ => v,
        };
        Compensation = 0;
        Mean = v;
        Count = 1;
        DropName = dropName;
        First = first;
    }

    public void Add(AggregationOp op, double v, bool dropName)
    {
        DropName |= dropName;
        Count++;
        switch (op)
        {
            case AggregationOp.Sum:
                (Value, Compensation) = Evaluator.KahanInc(v, Value, Compensation);
                break;
            case AggregationOp.Avg:
                (Value, Compensation) = Evaluator.KahanInc(v, Value, Compensation);
                if (double.IsInfinity(Mean) && ((double.IsInfinity(v) && (Mean > 0) == (v > 0)) || double.IsFinite(v)))
                {
                    // An infinite mean stays as it is for a finite value or an infinity of the same sign.
                    break;
                }

                Mean += (v / Count) - (Mean / Count);
                break;
            case AggregationOp.Max:
                if (Value < v || double.IsNaN(Value))
                {
                    Value = v;
                }

                break;
            case AggregationOp.Min:
                if (Value > v || double.IsNaN(Value))
                {
                    Value = v;
                }

                break;
            case AggregationOp.Stddev or AggregationOp.Stdvar:
            {
                var delta = v - Mean;
                Mean += delta / Count;
                Value += delta * (v - Mean);
                break;
            }
        }
    }

    /// <summary>The aggregate; not for quantile, whose result needs the values.</summary>
    public readonly double Result(AggregationOp op) => op switch
    {
        AggregationOp.Sum => double.IsInfinity(Value) ? Value : Value + Compensation,
        AggregationOp.Avg => double.IsInfinity(Value) ? Mean : (Value + Compensation) / Count,
        AggregationOp.Count => Count,
        AggregationOp.Group => 1,
        AggregationOp.Stdvar => Value / Count,
        AggregationOp.Stddev => Math.Sqrt(Value / Count),
        _ => Value,
    };
}
