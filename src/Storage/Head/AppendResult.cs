namespace Tsdb.Storage;

/// <summary>One rejected sample: which series, when, and why.</summary>
public readonly record struct SampleError(Labels Labels, long T, AppendError Error)
{
    public override string ToString() => $"{AppendErrors.Message(Error)}: series {Labels}, timestamp {T}";
}

/// <summary>
/// What a commit did. Rejected samples never take the rest of the batch with them; the first
/// <see cref="MaxErrorDetails"/> rejections are kept with their series for error messages.
/// </summary>
public sealed class AppendResult
{
    public const int MaxErrorDetails = 10;

    private readonly List<SampleError> _errors = [];

    public int Appended { get; internal set; }

    public int OutOfOrder { get; private set; }

    public int Duplicates { get; private set; }

    public int OutOfBounds { get; private set; }

    public int InvalidLabels { get; private set; }

    public int Rejected => OutOfOrder + Duplicates + OutOfBounds + InvalidLabels;

    public IReadOnlyList<SampleError> Errors => _errors;

    internal void Reject(Labels labels, long t, AppendError error)
    {
        switch (error)
        {
            case AppendError.OutOfOrder: OutOfOrder++; break;
            case AppendError.DuplicateTimestamp: Duplicates++; break;
            case AppendError.OutOfBounds: OutOfBounds++; break;
            default: InvalidLabels++; break;
        }

        if (_errors.Count < MaxErrorDetails)
        {
            _errors.Add(new SampleError(labels, t, error));
        }
    }

    /// <summary>A one-line summary such as Prometheus would log: counts by reason and the first error.</summary>
    public string Describe()
    {
        if (Rejected == 0)
        {
            return "";
        }

        var parts = new List<string>(4);
        if (OutOfOrder > 0) { parts.Add($"{OutOfOrder} out of order"); }
        if (Duplicates > 0) { parts.Add($"{Duplicates} duplicate sample for timestamp"); }
        if (OutOfBounds > 0) { parts.Add($"{OutOfBounds} out of bounds"); }
        if (InvalidLabels > 0) { parts.Add($"{InvalidLabels} invalid labels"); }
        return $"{Rejected} of {Rejected + Appended} samples rejected ({string.Join(", ", parts)}); first: {_errors[0]}";
    }
}
