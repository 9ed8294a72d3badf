using Tsdb.Storage;

namespace Tsdb.Api.RemoteWrite;

/// <summary>What one remote-write request did: the commit result plus the series refused before it.</summary>
internal sealed class WriteOutcome
{
    private const int MaxReasons = 10;
    private readonly List<string> _seriesReasons = [];

    public AppendResult? Result { get; set; }

    /// <summary>Samples (and histograms) of series refused before storage, e.g. for their labels.</summary>
    public int InvalidSeriesSamples { get; private set; }

    public int InvalidSeries { get; private set; }

    /// <summary>
    /// After a commit with out-of-order or duplicate rejections: how many of the request's samples
    /// storage does not hold bit-exactly (null when not checked). Zero means an exact retry.
    /// </summary>
    public int? MissingAfterCommit { get; set; }

    public bool Failed =>
        InvalidSeries > 0
        || (Result is { } r && r.OutOfBounds + r.InvalidLabels > 0)
        || (Result is { } r2 && r2.OutOfOrder + r2.Duplicates > 0 && MissingAfterCommit != 0);

    public void RejectSeries(int samples, string reason)
    {
        InvalidSeries++;
        InvalidSeriesSamples += samples;
        if (_seriesReasons.Count < MaxReasons)
        {
            _seriesReasons.Add(reason);
        }
    }

    /// <summary>The 400 body: one line per kind of problem, counts first.</summary>
    public string Message()
    {
        var lines = new List<string>(2 + _seriesReasons.Count);
        if (InvalidSeries > 0)
        {
            lines.Add($"{InvalidSeriesSamples} samples of {InvalidSeries} series rejected before storage; first reasons:");
            lines.AddRange(_seriesReasons.Select(static r => "  " + r));
        }

        if (Result is { Rejected: > 0 } r)
        {
            lines.Add(r.Describe());
            if (MissingAfterCommit is int missing && missing < r.Rejected)
            {
                lines.Add($"({r.Rejected - missing} of the rejected samples repeat stored samples exactly; {missing} samples of the request are not stored)");
            }
        }

        return string.Join('\n', lines);
    }
}
