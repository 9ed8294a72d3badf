using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>One element of an instant vector during evaluation.</summary>
internal readonly record struct Samp(Labels Metric, double V, bool DropName);

/// <summary>The value of an evaluated node over the whole step grid.</summary>
internal abstract class EvalValue;

/// <summary>An instant vector per step.</summary>
internal sealed class VectorSteps(List<Samp>[] steps) : EvalValue
{
    public List<Samp>[] Steps { get; } = steps;

    public long Total
    {
        get
        {
            long n = 0;
            foreach (var s in Steps)
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
