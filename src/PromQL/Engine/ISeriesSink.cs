using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// Takes a series-major instant vector one series at a time, as a selector or range function produces it, so a
/// consumer that reduces it (an aggregation) never needs the whole vector in memory. The spans are only valid
/// during the call.
/// </summary>
internal interface ISeriesSink
{
    void Take(Labels metric, bool dropName, ReadOnlySpan<int> steps, ReadOnlySpan<double> values);
}
