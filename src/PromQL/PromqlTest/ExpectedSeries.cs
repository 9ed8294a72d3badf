namespace Tsdb.PromQL.PromqlTest;

/// <summary>An expected series of an eval command with its 1-based position among the expected series (for <c>expect ordered</c>).</summary>
public sealed class ExpectedSeries(SeriesDescription series, int position)
{
    public SeriesDescription Series { get; } = series;

    public int Position { get; } = position;
}
