namespace Tsdb.PromQL.PromqlTest;

/// <summary>Calling the engine: timeouts and how exceptions map to query errors.</summary>
public sealed partial class PromqlTestRunner
{
    /// <summary>
    /// Runs one engine call under the query timeout. A <see cref="PromQLException"/> is the query's error (what
    /// <c>expect fail</c> matches, by its message); any other exception, or a timeout, is an engine failure
    /// that fails the case even under <c>expect fail</c>.
    /// </summary>
    private Outcome Execute(Func<IQueryEngine, CancellationToken, QueryResult> call)
    {
        using var cts = new CancellationTokenSource(_queryTimeout);
        try
        {
            var result = call(_engine, cts.Token);
            return result is null ? new Outcome(null, "the engine returned no result", false) : new Outcome(result, null, false);
        }
        catch (PromQLException e)
        {
            return new Outcome(null, e.Message, true);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return new Outcome(null, $"query timed out after {_queryTimeout.TotalSeconds:0.#} s", false);
        }
        catch (Exception e)
        {
            return new Outcome(null, $"{e.GetType().Name}: {e.Message}", false);
        }
    }

    /// <summary>An engine call's result, or its error text; <see cref="IsQueryError"/> when it was a <see cref="PromQLException"/>.</summary>
    private readonly record struct Outcome(QueryResult? Result, string? Error, bool IsQueryError);
}
