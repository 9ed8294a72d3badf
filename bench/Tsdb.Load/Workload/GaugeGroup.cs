namespace Tsdb.Load.Workload;

/// <summary>A random walk pulled back towards its mean, clamped and rounded like real gauges (bytes, load).</summary>
internal sealed class GaugeGroup : SeriesGroup
{
    private readonly double _mean;
    private readonly double _sigma;
    private readonly double _resolution;
    private readonly double _min;
    private Rng _rng;
    private double _value;

    public GaugeGroup(Rng rng, double mean, double sigma, double resolution, double min = 0)
    {
        _rng = rng;
        _mean = mean * (0.5 + _rng.NextDouble());
        _sigma = sigma;
        _resolution = resolution;
        _min = min;
        _value = _mean;
    }

    public override void Step(Span<double> values)
    {
        _value += _rng.NextGaussian() * _sigma + (_mean - _value) * 0.05;
        _value = Math.Max(_min, _value);
        values[0] = Round(_value, _resolution);
    }
}
