using Tsdb.Storage;

namespace Tsdb.PromQL;

/// <summary>
/// Evaluates PromQL against storage. Times are milliseconds since the epoch. Errors are thrown as
/// <see cref="PromQLException"/> with the Prometheus error type.
/// </summary>
public interface IQueryEngine
{
    QueryResult Instant(Func<long, long, Querier> querier, string query, long time, CancellationToken ct = default);

    QueryResult Range(Func<long, long, Querier> querier, string query, long start, long end, long step, CancellationToken ct = default);
}
