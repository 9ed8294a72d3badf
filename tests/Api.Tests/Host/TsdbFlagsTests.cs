using Tsdb.Api.Host;

namespace Tsdb.Api.Tests.Host;

public class TsdbFlagsTests
{
    [Fact]
    public void Defaults()
    {
        var (f, err) = TsdbFlags.Parse([]);
        Assert.Null(err);
        Assert.Equal("data/", f!.StoragePath);
        Assert.Equal("0.0.0.0:9090", f.ListenAddress);
        Assert.Equal(15L * 86_400_000, f.RetentionTimeMs);
        Assert.Equal(120_000, f.QueryTimeoutMs);
        Assert.Equal(300_000, f.LookbackDeltaMs);
        Assert.Equal(50_000_000, f.QueryMaxSamples);
        Assert.False(f.EnableLifecycle);
    }

    [Theory]
    [InlineData("--storage.tsdb.path=/x", "storage.tsdb.path", "/x")]
    [InlineData("--storage.tsdb.retention.time=30d", "storage.tsdb.retention.time", "30d")]
    [InlineData("--storage.tsdb.retention.size=512MB", "storage.tsdb.retention.size", "512MB")]
    [InlineData("--web.listen-address=127.0.0.1:0", "web.listen-address", "127.0.0.1:0")]
    [InlineData("--web.enable-lifecycle", "web.enable-lifecycle", "true")]
    [InlineData("--web.enable-admin-api=true", "web.enable-admin-api", "true")]
    [InlineData("--query.timeout=30s", "query.timeout", "30s")]
    [InlineData("--query.max-samples=10", "query.max-samples", "10")]
    [InlineData("--query.lookback-delta=1m", "query.lookback-delta", "1m")]
    [InlineData("--log.level=debug", "log.level", "debug")]
    [InlineData("--config.file=p.yml", "config.file", "p.yml")]
    public void EqualsForm(string arg, string name, string expected)
    {
        var (f, err) = TsdbFlags.Parse([arg]);
        Assert.Null(err);
        Assert.Equal(expected, f!.AsStrings()[name]);
    }

    [Fact]
    public void SpaceForm()
    {
        var (f, err) = TsdbFlags.Parse(["--storage.tsdb.path", "/d", "--query.timeout", "1m30s", "--storage.tsdb.retention.size", "1GB"]);
        Assert.Null(err);
        Assert.Equal("/d", f!.StoragePath);
        Assert.Equal(90_000, f.QueryTimeoutMs);
        Assert.Equal(1L << 30, f.RetentionSizeBytes);
    }

    [Theory]
    [InlineData("--nope=1")]
    [InlineData("--query.timeout=abc")]
    [InlineData("--storage.tsdb.retention.time=5x")]
    [InlineData("--storage.tsdb.retention.size=12QB")]
    [InlineData("--query.max-samples=many")]
    [InlineData("--log.level=loud")]
    [InlineData("--web.enable-lifecycle=maybe")]
    [InlineData("--storage.tsdb.path")]
    [InlineData("positional")]
    public void Errors(string arg)
    {
        var (f, err) = TsdbFlags.Parse([arg]);
        Assert.Null(f);
        Assert.False(string.IsNullOrEmpty(err));
    }

    [Fact]
    public void HelpListsDefaults()
    {
        var usage = TsdbFlags.Usage();
        Assert.Contains("--storage.tsdb.retention.time", usage, StringComparison.Ordinal);
        Assert.Contains("(default: 15d)", usage, StringComparison.Ordinal);
        Assert.True(TsdbFlags.Parse(["--help"]).Flags!.Help);
        Assert.True(TsdbFlags.Parse(["--version"]).Flags!.Version);
    }
}
