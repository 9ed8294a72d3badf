namespace Tsdb.Load.Workload;

/// <summary>
/// A classic histogram: cumulative <c>_bucket</c> series (upper bounds ascending, then +Inf), then
/// <c>_sum</c> and <c>_count</c>. Observations follow a log-normal latency whose median drifts, and
/// the whole histogram resets together, as it does when the process restarts.
/// </summary>
internal sealed class HistogramGroup : SeriesGroup
{
    private readonly double[] _upperBounds;
    private readonly double _perInterval;
    private readonly double _resetChance;
    private readonly double[] _state;
    private Rng _rng;
    private double _logMedian;

    public HistogramGroup(Rng rng, double[] upperBounds, double perInterval, double medianSeconds, double resetChance)
    {
        _rng = rng;
        _upperBounds = upperBounds;
        _perInterval = perInterval * (0.2 + 1.8 * _rng.NextDouble());
        _resetChance = resetChance;
        _logMedian = Math.Log(medianSeconds * (0.5 + _rng.NextDouble()));
        _state = new double[SeriesCount(upperBounds.Length)];
    }

    /// <summary>Buckets plus +Inf, _sum and _count.</summary>
    public static int SeriesCount(int finiteBuckets) => finiteBuckets + 3;

    public override void Step(Span<double> values)
    {
        if (_rng.NextDouble() < _resetChance)
        {
            Array.Clear(_state);
        }

        _logMedian = Math.Clamp(_logMedian + _rng.NextGaussian() * 0.05, -7, 2);
        var observations = Math.Round(_perInterval * (0.5 + _rng.NextDouble()));
        for (var i = 0; i < _upperBounds.Length; i++)
        {
            // Rounding a monotonic CDF keeps the cumulative buckets monotonic.
            _state[i] += Math.Round(observations * LogNormalCdf(_upperBounds[i]));
        }

        var inf = _upperBounds.Length;
        _state[inf] += observations;
        _state[inf + 1] = Math.Round(_state[inf + 1] + observations * Math.Exp(_logMedian) * (0.8 + 0.4 * _rng.NextDouble()), 6);
        _state[inf + 2] = _state[inf];
        _state.AsSpan(0, values.Length).CopyTo(values);
    }

    // Logistic approximation of the normal CDF: close enough for a synthetic distribution, and .NET has no erf.
    private double LogNormalCdf(double x) => 1.0 / (1.0 + Math.Exp(-1.702 * (Math.Log(x) - _logMedian) / 0.8));
}
