using Tsdb.Api.Import;
using Tsdb.Storage;

namespace Tsdb.Api.Tests.Import;

public sealed class ImportCommandTests : IDisposable
{
    private const long T0 = 1_700_006_400_000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tsdb-import-cli-" + Guid.NewGuid().ToString("N"));

    public ImportCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = ImportCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string File(string text)
    {
        var path = Path.Combine(_dir, "input.om");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void CreatesBlocksThatADbOpenedAfterwardsReads()
    {
        var s = T0 / 1000;
        var input = File($"# TYPE m gauge\nm{{i=\"2\"}} 3 {s + 7200}\nm{{i=\"1\"}} 1 {s}\nm{{i=\"1\"}} 2 {s + 60}\nm{{i=\"1\"}} 0.5 {s - 30}\n# EOF\n");
        var data = Path.Combine(_dir, "data");

        var (code, stdout, stderr) = Run("openmetrics", input, data);

        Assert.True(code == 0, stderr);
        Assert.StartsWith("BLOCK ULID\tMIN TIME", stdout, StringComparison.Ordinal);
        Assert.Equal(4, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header + 3 windows
        using var db = Db.Open(data, new DbOptions { BackgroundCompaction = false, RetentionTime = TimeSpan.FromDays(3650) });
        Assert.Equal(3, db.Blocks.Count);
        using var q = db.Querier(long.MinValue, long.MaxValue);
        var series = q.Select(Matcher.Equal("__name__", "m"));
        Assert.Equal(2, series.Count);
        var it = series[0].Iterator();
        var samples = new List<(long, double)>();
        while (it.Next() == SampleKind.Float)
        {
            samples.Add((it.At().T, it.At().V));
        }

        Assert.Equal([(T0 - 30_000, 0.5), (T0, 1.0), (T0 + 60_000, 2.0)], samples);
    }

    [Fact]
    public void SampleWithoutTimestamp_Fails()
    {
        var (code, _, stderr) = Run("openmetrics", File("m 1\n# EOF\n"), Path.Combine(_dir, "data"));
        Assert.Equal(1, code);
        Assert.Contains("expected timestamp", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")) && Directory.EnumerateDirectories(Path.Combine(_dir, "data")).Any());
    }

    [Fact]
    public void ConflictingDuplicate_FailsWithoutWriting()
    {
        var (code, _, stderr) = Run("openmetrics", File($"m 1 {T0 / 1000}\nm 2 {T0 / 1000}\n# EOF\n"), Path.Combine(_dir, "data"));
        Assert.Equal(1, code);
        Assert.Contains("duplicate sample for timestamp", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("openmetrics")]
    [InlineData("json", "x")]
    [InlineData("openmetrics", "a", "b", "c")]
    [InlineData("--max-block-duration=x", "openmetrics", "a")]
    public void BadUsage_Exits2(params string[] args) => Assert.Equal(2, Run(args).Code);

    [Fact]
    public void MissingFile_Exits1() => Assert.Equal(1, Run("openmetrics", Path.Combine(_dir, "nope")).Code);
}
