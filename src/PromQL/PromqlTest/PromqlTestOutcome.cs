namespace Tsdb.PromQL.PromqlTest;

public enum PromqlTestOutcome : byte
{
    Passed,
    Failed,

    /// <summary>Only for cases that need native histograms (see <see cref="HistogramSkipRule"/>).</summary>
    Skipped,
}
