using Tsdb.Api.Host;

namespace Tsdb.Api.Tests.Host;

public class QueryWarmupTests
{
    [Fact]
    public void Every_warmup_query_answers_as_a_range_and_an_instant_query()
    {
        // A query that failed would compile less than intended, and Program.cs runs the warm-up unobserved.
        Assert.Equal(2 * QueryWarmup.Queries.Count, QueryWarmup.Run());
    }
}
