using Tsdb.Api.Commands;
using Tsdb.Api.Config;
using Tsdb.Config;

namespace Tsdb.Api.Tests.Config;

public class TsdbConfigTests
{
    [Fact]
    public void EmptyFileGivesPrometheusDefaults()
    {
        var c = TsdbConfig.Parse("", "/etc/tsdb");
        Assert.Equal(TimeSpan.FromMinutes(1), c.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), c.Global.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), c.Global.EvaluationInterval);
        Assert.Empty(c.ScrapeConfigs);
        Assert.Empty(c.RuleFiles);
    }

    [Fact]
    public void ReadsGlobalRuleFilesAndRemoteEndpoints()
    {
        Environment.SetEnvironmentVariable("TSDB_TEST_REGION", "eu-1");
        var c = TsdbConfig.Parse("""
            global:
              scrape_interval: 15s
              evaluation_interval: 30s
              external_labels:
                region: ${TSDB_TEST_REGION}
                replica: a
            rule_files: ["rules/*.yml", "/abs/x.yml"]
            scrape_configs:
              - job_name: a
            remote_write:
              - url: http://127.0.0.1:1/api/v1/write
                queue_config: {capacity: 100}
            remote_read:
              - url: http://127.0.0.1:1/api/v1/read
                read_recent: true
            """, "/etc/tsdb");
        Assert.Equal(TimeSpan.FromSeconds(15), c.Global.ScrapeInterval);

        // An unset global timeout is 10s, capped at the interval.
        Assert.Equal(TimeSpan.FromSeconds(10), c.Global.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), c.Global.EvaluationInterval);
        Assert.Equal("eu-1", c.Global.ExternalLabels.Get("region"));
        Assert.Equal(["/etc/tsdb/rules/*.yml", "/abs/x.yml"], c.RuleFiles);
        Assert.Single(c.ScrapeConfigs);
        Assert.Equal("http://127.0.0.1:1/api/v1/write", Assert.Single(c.RemoteWrite).Url);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(c.RemoteRead).RemoteTimeout);
    }

    [Theory]
    [InlineData("bogus: 1\n", 1, "field bogus not found in type config")]
    [InlineData("global:\n  scrape_interval: 15x\n", 2, "not a valid duration string: \"15x\"")]
    [InlineData("global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n", 3, "global scrape timeout greater than scrape interval")]
    [InlineData("global:\n  foo: 1\n", 2, "field foo not found in type global_config")]
    [InlineData("global:\n  external_labels:\n    __x: y\n", 2, "\"__x\" is not a valid label name")]
    [InlineData("remote_write:\n  - urll: http://x\n", 2, "url for remote_write is empty")]
    [InlineData("remote_write:\n  - url: ftp://x\n", 2, "invalid URL")]
    [InlineData("remote_write:\n  - url: http://x\n    headers: {Authorization: y}\n", 3, "Authorization is a reserved header")]
    [InlineData("remote_write:\n  - url: http://x\n    sigv4: {}\n", 3, "sigv4 in remote_write is not supported")]
    [InlineData("remote_write:\n  - url: http://x\n    name: a\n  - url: http://y\n    name: a\n", 1, "found multiple remote write configs with job name \"a\"")]
    [InlineData("rule_files: [\"rules/*/a.yml\"]\n", 1, "invalid rule file path")]
    [InlineData("storage: {}\n", 1, "storage is not supported by tsdb")]
    [InlineData("global: [1]\n", 1, "cannot unmarshal !!seq into global_config")]
    public void RejectsBadConfigWithLineAndReason(string yaml, int line, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => TsdbConfig.Parse(yaml, null));
        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusConfigTextHidesSecrets()
    {
        var c = TsdbConfig.Parse("""
            scrape_configs:
              - job_name: a
                basic_auth: {username: u, password: hunter2}
                authorization:
                  credentials: tok3n
            remote_write:
              - url: http://127.0.0.1:1/w
                bearer_token: abc
            """, null);
        Assert.DoesNotContain("hunter2", c.MaskedText, StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n", c.MaskedText, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", c.MaskedText, StringComparison.Ordinal);
        Assert.Contains("username: u", c.MaskedText, StringComparison.Ordinal);
        Assert.Contains("<secret>", c.MaskedText, StringComparison.Ordinal);
        Assert.Contains("hunter2", c.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedDefaultScrapesItself()
    {
        Assert.Contains("\"10.1.2.3:1234\"", EmbeddedDefaultConfig.For("10.1.2.3:0", 1234), StringComparison.Ordinal);
        Assert.Contains("\"localhost:1234\"", EmbeddedDefaultConfig.For(":0", 1234), StringComparison.Ordinal);
        var c = TsdbConfig.Parse(EmbeddedDefaultConfig.For("0.0.0.0:9090", 9090), null);
        Assert.Equal(TimeSpan.FromSeconds(15), c.Global.ScrapeInterval);
        var job = Assert.Single(c.ScrapeConfigs);
        Assert.Equal("tsdb", job.String("job_name"));
        Assert.Contains("localhost:9090", c.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfigReportsLikePromtool()
    {
        var dir = Directory.CreateTempSubdirectory("tsdb-check-").FullName;
        try
        {
            var good = Path.Combine(dir, "good.yml");
            var bad = Path.Combine(dir, "bad.yml");
            File.WriteAllText(good, "global:\n  scrape_interval: 15s\n");
            File.WriteAllText(bad, "global:\n  scrape_intervall: 15s\n");
            var (code, stdout, stderr) = Check(good);
            Assert.Equal(0, code);
            Assert.Contains($"Checking {good}", stdout, StringComparison.Ordinal);
            Assert.Contains($" SUCCESS: {good} is valid prometheus config file syntax", stdout, StringComparison.Ordinal);
            Assert.Equal("", stderr);

            (code, stdout, stderr) = Check(good, bad);
            Assert.Equal(1, code);
            Assert.Contains($"  FAILED: {bad}: line 2: field scrape_intervall not found in type global_config", stderr, StringComparison.Ordinal);

            (code, _, stderr) = Check(Path.Combine(dir, "missing.yml"));
            Assert.Equal(1, code);
            Assert.Contains("FAILED", stderr, StringComparison.Ordinal);

            (code, _, _) = Check();
            Assert.Equal(2, code);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (int Code, string Stdout, string Stderr) Check(params string[] files)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var code = CheckConfigCommand.Run(files, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
