using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// The result of evaluating a PromQL expression, as the HTTP API reports it (resultType
/// scalar | string | vector | matrix). Native histograms will add a histogram field to
/// <see cref="VectorSample"/> and a histogram point list to <see cref="Series"/>, leaving floats as they are.
/// </summary>
public abstract class QueryValue
{
    public abstract string ResultType { get; }
}

public sealed class ScalarValue(long t, double v) : QueryValue
{
    public override string ResultType => "scalar";

    public long T { get; } = t;

    public double V { get; } = v;
}

public sealed class StringValue(long t, string v) : QueryValue
{
    public override string ResultType => "string";

    public long T { get; } = t;

    public string V { get; } = v;
}

/// <summary>An instant vector: one sample per series, all at the evaluation time.</summary>
public sealed class VectorValue(IReadOnlyList<VectorSample> samples) : QueryValue
{
    public override string ResultType => "vector";

    public IReadOnlyList<VectorSample> Samples { get; } = samples;
}

/// <summary>A sample of an instant vector. <see cref="DropName"/> marks a pending __name__ removal (Prometheus 3 delayed name dropping).</summary>
public readonly record struct VectorSample(Labels Metric, long T, double V, bool DropName = false);

/// <summary>A range vector or a range query's result: points per series.</summary>
public sealed class MatrixValue(IReadOnlyList<Series> series) : QueryValue
{
    public override string ResultType => "matrix";

    public IReadOnlyList<Series> Series { get; } = series;
}

/// <summary>One series with its float points in time order.</summary>
public sealed class Series(Labels metric, IReadOnlyList<Sample> points)
{
    public Labels Metric { get; } = metric;

    public IReadOnlyList<Sample> Points { get; } = points;
}
