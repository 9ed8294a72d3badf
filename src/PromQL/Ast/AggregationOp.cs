namespace Tsdb.PromQL.Ast;

/// <summary>The aggregation operators.</summary>
public enum AggregationOp : byte
{
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,
    LimitRatio,
}

/// <summary>Helpers for <see cref="AggregationOp"/>.</summary>
public static class AggregationOpExtensions
{
    /// <summary>The keyword as written in PromQL (lower case).</summary>
    public static string Name(this AggregationOp op) => op switch
    {
        AggregationOp.Sum => "sum",
        AggregationOp.Avg => "avg",
        AggregationOp.Count => "count",
        AggregationOp.Min => "min",
        AggregationOp.Max => "max",
        AggregationOp.Group => "group",
        AggregationOp.Stddev => "stddev",
        AggregationOp.Stdvar => "stdvar",
        AggregationOp.Topk => "topk",
        AggregationOp.Bottomk => "bottomk",
        AggregationOp.CountValues => "count_values",
        AggregationOp.Quantile => "quantile",
        AggregationOp.Limitk => "limitk",
        AggregationOp.LimitRatio => "limit_ratio",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>True for the operators that take a parameter before the vector (topk, bottomk, quantile, count_values, limitk, limit_ratio).</summary>
    public static bool HasParam(this AggregationOp op) =>
        op is AggregationOp.Topk or AggregationOp.Bottomk or AggregationOp.CountValues or AggregationOp.Quantile
            or AggregationOp.Limitk or AggregationOp.LimitRatio;
}
