namespace Tsdb.Load.Workload;

/// <summary>A monotonic counter with a noisy rate that occasionally resets to zero (a process restart).</summary>
internal sealed class CounterGroup : SeriesGroup
{
    private readonly double _perInterval;
    private readonly double _resolution;
    private readonly double _resetChance;
    private Rng _rng;
    private double _value;

    public CounterGroup(Rng rng, double perInterval, double resolution, double resetChance)
    {
        _rng = rng;
        // Spread rates over a decade so series differ, as real hosts do.
        _perInterval = perInterval * (0.2 + 1.8 * _rng.NextDouble());
        _resolution = resolution;
        _resetChance = resetChance;
        // Counters are found mid-life: start from a random uptime's worth.
        _value = Round(_perInterval * 5000 * _rng.NextDouble(), resolution);
    }

    public override void Step(Span<double> values)
    {
        var increment = Round(_perInterval * (0.5 + _rng.NextDouble()), _resolution);
        _value = _rng.NextDouble() < _resetChance ? increment : Round(_value + increment, _resolution);
        values[0] = _value;
    }
}
