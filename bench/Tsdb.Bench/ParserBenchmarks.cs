using BenchmarkDotNet.Attributes;
using Tsdb.PromQL.Ast;
using Tsdb.PromQL.Parser;

namespace Tsdb.Bench;

/// <summary>PromQL parsing (lex + Pidgin grammar + type check) and printing of typical dashboard queries.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private const string Dashboard =
        "sum by (job) (rate(http_requests_total{job=~\"api|web\", code!=\"500\"}[5m])) / ignoring(code) group_left sum by (job) (rate(http_requests_total[5m]))";

    private const string Simple = "up{job=\"node\"}";

    private const string Histogram =
        "histogram_quantile(0.99, sum by (le, service) (rate(request_duration_seconds_bucket{env=\"prod\", service=~\"front.*\"}[5m] offset 1h)))";

    private Expr _dashboard = null!;

    [GlobalSetup]
    public void Setup() => _dashboard = PromQLParser.ParseExpr(Dashboard);

    [Benchmark(Baseline = true)]
    public Expr ParseDashboardQuery() => PromQLParser.ParseExpr(Dashboard);

    [Benchmark]
    public Expr ParseSimpleSelector() => PromQLParser.ParseExpr(Simple);

    [Benchmark]
    public Expr ParseHistogramQuantile() => PromQLParser.ParseExpr(Histogram);

    [Benchmark]
    public string PrintDashboardQuery() => PromQLPrinter.Print(_dashboard);
}
