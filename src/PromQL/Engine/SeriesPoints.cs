using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// An instant vector over the step grid laid out series by series: each series' labels once, then its
/// (step, value) points in step order, all in flat arrays. Selectors and range functions produce their output
/// this way because they walk one series at a time; the per-step form (<see cref="VectorSteps.Steps"/>) costs a
/// 24-byte element per point plus a labels hash per point for every consumer that regroups it by series (the
/// range query's matrix, aggregations), which dominated range queries over a few hundred series.
/// With an <see cref="ISeriesSink"/> it keeps nothing: each finished series goes to the sink and its points are
/// reused for the next, so the producer's code is the same whether its output is kept or streamed.
/// </summary>
internal sealed class SeriesPoints
{
    private Labels[] _metrics;
    private bool[] _dropName;
    private readonly ISeriesSink? _sink;
    private int[] _offsets;
    private int[] _steps;
    private double[] _values;
    private int _count;
    private int _points;

    /// <param name="series">expected series, e.g. the input's, to avoid regrowth.</param>
    /// <param name="points">expected points, e.g. series x steps.</param>
    public SeriesPoints(int series, long points)
    {
        var s = Math.Max(series, 1);
        _metrics = new Labels[s];
        _dropName = new bool[s];
        _offsets = new int[s + 1];
        var n = (int)Math.Clamp(points, 16, 1 << 24);
        _steps = new int[n];
        _values = new double[n];
    }

    /// <summary>A streaming instance: every series goes to <paramref name="sink"/> as it is closed.</summary>
    public SeriesPoints(ISeriesSink sink, int steps)
        : this(1, steps)
    {
        _sink = sink;
    }

    /// <summary>True when series are handed to a sink instead of kept; the producer then does not account them.</summary>
    public bool Streaming => _sink is not null;

    public int Count => _count;

    public int TotalPoints => _points;

    public Labels Metric(int series) => _metrics[series];

    public bool DropName(int series) => _dropName[series];

    /// <summary>Index of the series' first point in <see cref="StepIndexes"/> and <see cref="Values"/>.</summary>
    public int Start(int series) => _offsets[series];

    public int End(int series) => _offsets[series + 1];

    public ReadOnlySpan<int> StepIndexes => _steps.AsSpan(0, _points);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, _points);

    /// <summary>Adds a point to the series being built; steps must increase. Call <see cref="EndSeries"/> after the last.</summary>
    public void Add(int step, double value)
    {
        if (_points == _steps.Length)
        {
            Array.Resize(ref _steps, _steps.Length * 2);
            Array.Resize(ref _values, _values.Length * 2);
        }

        _steps[_points] = step;
        _values[_points++] = value;
    }

    /// <summary>Closes the points added since the last call as one series; a series without points is not kept.</summary>
    public void EndSeries(Labels metric, bool dropName)
    {
        if (_points == _offsets[_count])
        {
            return;
        }

        if (_sink is not null)
        {
            _sink.Take(metric, dropName, _steps.AsSpan(0, _points), _values.AsSpan(0, _points));
            _points = 0;
            return;
        }

        if (_count == _metrics.Length)
        {
            Array.Resize(ref _metrics, _metrics.Length * 2);
            Array.Resize(ref _dropName, _dropName.Length * 2);
            Array.Resize(ref _offsets, _metrics.Length + 1);
        }

        _metrics[_count] = metric;
        _dropName[_count] = dropName;
        _offsets[++_count] = _points;
    }

    /// <summary>The per-step form, each step listing its series in series order (as evaluating step-major would).</summary>
    public List<Samp>[] ToSteps(int stepCount)
    {
        var perStep = new int[stepCount];
        foreach (var i in StepIndexes)
        {
            perStep[i]++;
        }

        var steps = new List<Samp>[stepCount];
        for (var i = 0; i < stepCount; i++)
        {
            steps[i] = new List<Samp>(perStep[i]);
        }

        for (var s = 0; s < _count; s++)
        {
            var metric = _metrics[s];
            var drop = _dropName[s];
            for (var p = _offsets[s]; p < _offsets[s + 1]; p++)
            {
                steps[_steps[p]].Add(new Samp(metric, _values[p], drop));
            }
        }

        return steps;
    }
}
