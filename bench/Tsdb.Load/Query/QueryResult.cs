namespace Tsdb.Load.Query;

/// <summary>
/// A query's latencies over its runs and the shape of its last answer: the series and point
/// counts make differences between systems visible next to the timings.
/// </summary>
internal sealed record QueryResult(
    string Name,
    string Kind,
    string Expr,
    int Runs,
    double MedianMs,
    double MinMs,
    double MaxMs,
    int Series,
    long Points,
    int Errors,
    string? Error);
