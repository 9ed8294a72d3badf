using System.Net;
using System.Text;
using Tsdb.Api.Federation;
using Tsdb.Api.Host;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Federation;

public sealed class FederateTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-fed-" + Guid.NewGuid().ToString("N"));
    private TsdbServer _server = null!;
    private Uri _base = null!;
    private Labels _external = Labels.Empty;
    private long _now;

    public async Task InitializeAsync()
    {
        var (flags, _) = TsdbFlags.Parse(["--config.file=/dev/null", "--web.listen-address=127.0.0.1:0", "--storage.tsdb.path=" + _dir]);
        _server = await TsdbServer.StartAsync(flags!, [(app, s) => app.MapFederate(s, () => _external)], log: _ => { });
        await _server.Ready;
        _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var app = _server.Db!.Appender();
        void Add(double v, long ago, params string[] labels) => app.Append(0, Labels.FromStrings(labels), _now - ago, v);

        Add(1, 120_000, "__name__", "up", "job", "b", "instance", "y");
        Add(0, 60_000, "__name__", "up", "job", "b", "instance", "y");
        Add(1, 30_000, "__name__", "up", "job", "a", "instance", "x");
        Add(1.5e6, 10_000, "__name__", "big", "job", "a");
        Add(2.5e-5, 10_000, "__name__", "aaa_small", "job", "a", "path", "a\"b\\c\nd");
        Add(7, 600_000, "__name__", "old", "job", "a");
        Add(3, 200_000, "__name__", "gone", "job", "a");
        Add(StaleNaN.Value, 100_000, "__name__", "gone", "job", "a");
        Add(double.NaN, 5_000, "__name__", "nums", "job", "a");
        Add(double.PositiveInfinity, 5_000, "__name__", "nums", "job", "inf");
        app.Commit();
        _base = new Uri("http://127.0.0.1:" + _server.Port);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> GetAsync(params string[] selectors)
    {
        var query = string.Join("&", selectors.Select(s => "match[]=" + Uri.EscapeDataString(s)));
        using var client = new HttpClient { BaseAddress = _base };
        using var r = await client.GetAsync(new Uri("/federate?" + query, UriKind.Relative));
        return (r.StatusCode, r.Content.Headers.ContentType?.ToString(), await r.Content.ReadAsStringAsync());
    }

    private string T(long ago) => (_now - ago).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task LatestSamplesWithinLookback_GroupedByName()
    {
        var (status, contentType, body) = await GetAsync("{job=~\"a|b\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", contentType);
        var expected = new StringBuilder()
            .Append("# TYPE aaa_small untyped\n")
            .Append($"aaa_small{{job=\"a\",path=\"a\\\"b\\\\c\\nd\",instance=\"\"}} 2.5e-05 {T(10_000)}\n")
            .Append("# TYPE big untyped\n")
            .Append($"big{{job=\"a\",instance=\"\"}} 1.5e+06 {T(10_000)}\n")
            .Append("# TYPE nums untyped\n")
            .Append($"nums{{job=\"a\",instance=\"\"}} NaN {T(5_000)}\n")
            .Append("# TYPE up untyped\n")
            .Append($"up{{instance=\"x\",job=\"a\"}} 1 {T(30_000)}\n")
            .Append($"up{{instance=\"y\",job=\"b\"}} 0 {T(60_000)}\n")
            .ToString();
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task SeveralSelectors_ReturnEachSeriesOnce()
    {
        var (_, _, body) = await GetAsync("up", "{instance=\"x\"}", "nums");

        Assert.Equal(
            "# TYPE nums untyped\n" +
            $"nums{{job=\"a\",instance=\"\"}} NaN {T(5_000)}\n" +
            $"nums{{job=\"inf\",instance=\"\"}} +Inf {T(5_000)}\n" +
            "# TYPE up untyped\n" +
            $"up{{instance=\"x\",job=\"a\"}} 1 {T(30_000)}\n" +
            $"up{{instance=\"y\",job=\"b\"}} 0 {T(60_000)}\n",
            body);
    }

    [Fact]
    public async Task ExternalLabels_AddedWhereAbsent()
    {
        _external = Labels.FromStrings("job", "global", "region", "eu");
        var (_, _, body) = await GetAsync("big", "{__name__=\"up\",job=\"a\"}");

        Assert.Equal(
            "# TYPE big untyped\n" +
            $"big{{job=\"a\",instance=\"\",region=\"eu\"}} 1.5e+06 {T(10_000)}\n" +
            "# TYPE up untyped\n" +
            $"up{{instance=\"x\",job=\"a\",region=\"eu\"}} 1 {T(30_000)}\n",
            body);
    }

    [Fact]
    public async Task StaleAndOldSeries_AreLeftOut()
    {
        var (status, _, body) = await GetAsync("old", "gone");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("", body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("match[]=up{")]
    [InlineData("match[]=%7Bjob%3D~%22.*%22%7D")]
    public async Task MissingOrBadSelector_Answers400(string query)
    {
        using var client = new HttpClient { BaseAddress = _base };
        using var r = await client.GetAsync(new Uri("/federate?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("text/plain", r.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(-0.0, "0")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001234, "1.234e-05")]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5e-300, "-2.5e-300")]
    [InlineData(16647532544.0, "1.6647532544e+10")]
    public void Values_FormatLikeGo(double v, string expected)
    {
        var sb = new StringBuilder();
        GoFloatText.Append(sb, v);
        Assert.Equal(expected, sb.ToString());
    }
}
