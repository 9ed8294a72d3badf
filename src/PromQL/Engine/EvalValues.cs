using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>One element of an instant vector during evaluation.</summary>
internal readonly record struct Samp(Labels Metric, double V, bool DropName);

/// <summary>The value of an evaluated node over the whole step grid.</summary>
internal abstract class EvalValue;

/// <summary>
/// An instant vector per step. It may start out series-major (<see cref="SeriesPoints"/>), as selectors and range
/// functions produce it; <see cref="Steps"/> converts once, and from then on the per-step lists are the value
/// (callers may change them in place), so <see cref="BySeries"/> is only offered while it is still current.
/// </summary>
internal sealed class VectorSteps : EvalValue
{
    private List<Samp>[]? _steps;
    private SeriesPoints? _bySeries;
    private readonly int _stepCount;

    public VectorSteps(List<Samp>[] steps)
    {
        _steps = steps;
        _stepCount = steps.Length;
    }

    public VectorSteps(SeriesPoints bySeries, int stepCount)
    {
        _bySeries = bySeries;
        _stepCount = stepCount;
    }

    public int StepCount => _stepCount;

    public List<Samp>[] Steps
    {
        get
        {
            if (_steps is null)
            {
                _steps = _bySeries!.ToSteps(_stepCount);
                _bySeries = null;
            }

            return _steps;
        }
    }

    /// <summary>The series-major form, or null once <see cref="Steps"/> has been used (or it never had one).</summary>
    public SeriesPoints? BySeries => _bySeries;

    public long Total
    {
        get
        {
            if (_bySeries is not null)
            {
                return _bySeries.TotalPoints;
            }

            long n = 0;
            foreach (var s in _steps!)
            {
                n += s.Count;
            }

            return n;
        }
    }
}

/// <summary>A scalar per step.</summary>
internal sealed class ScalarSteps(double[] values) : EvalValue
{
    public double[] Values { get; } = values;
}

/// <summary>A string literal.</summary>
internal sealed class StringVal(string value) : EvalValue
{
    public string Value { get; } = value;
}

/// <summary>The time grid a node is evaluated over: Start, Start + Interval, ..., End (ms).</summary>
internal readonly record struct Grid(long Start, long End, long Interval)
{
    public int Steps => (int)((End - Start) / Interval) + 1;

    public long At(int i) => Start + i * Interval;
}
