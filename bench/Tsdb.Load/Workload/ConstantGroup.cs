namespace Tsdb.Load.Workload;

/// <summary>A value that never changes (info metrics, sizes, boot times): the best case for compression.</summary>
internal sealed class ConstantGroup(double value) : SeriesGroup
{
    public override void Step(Span<double> values) => values[0] = value;
}
