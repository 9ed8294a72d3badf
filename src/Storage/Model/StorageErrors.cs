namespace Tsdb.Storage;

/// <summary>Why a single sample was rejected by an append; the rest of the batch is unaffected.</summary>
public enum AppendError : byte
{
    None = 0,
    /// <summary>Older than the series' newest sample ("out of order sample").</summary>
    OutOfOrder,
    /// <summary>Same timestamp as the newest sample but another value ("duplicate sample for timestamp").</summary>
    DuplicateTimestamp,
    /// <summary>Older than what the head still accepts (already persisted into a block).</summary>
    OutOfBounds,
    /// <summary>The label set is unusable (e.g. no labels, or duplicate names).</summary>
    InvalidLabels,
}

public static class AppendErrors
{
    /// <summary>Prometheus's wording, so API error messages read the same.</summary>
    public static string Message(AppendError e) => e switch
    {
        AppendError.None => "",
        AppendError.OutOfOrder => "out of order sample",
        AppendError.DuplicateTimestamp => "duplicate sample for timestamp",
        AppendError.OutOfBounds => "out of bounds",
        AppendError.InvalidLabels => "invalid labels",
        _ => e.ToString(),
    };
}
