using FsCheck.Xunit;
using Tsdb.Config;

namespace Tsdb.Config.Tests;

public class PromDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("100ms", 100)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("1y", 31_536_000_000)]
    [InlineData("1h0m1s5ms", 3_601_005)]
    public void Parses(string text, long ms) => Assert.Equal(ms, (long)PromDuration.Parse(text).TotalMilliseconds);

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("s")]
    [InlineData("1s1h")]
    [InlineData("1m1m")]
    [InlineData("-1s")]
    [InlineData("1.5s")]
    [InlineData("1 s")]
    [InlineData("1x")]
    [InlineData("99999999999999999999y")]
    public void Rejects(string text)
    {
        Assert.False(PromDuration.TryParse(text, out _));
        var e = Assert.Throws<FormatException>(() => PromDuration.Parse(text));
        Assert.Contains("not a valid duration string", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(604_800_000, "1w")]
    [InlineData(691_200_000, "8d")]
    [InlineData(3_601_005, "1h1s5ms")]
    public void Formats(long ms, string text) => Assert.Equal(text, PromDuration.Format(TimeSpan.FromMilliseconds(ms)));

    [Property]
    public bool FormatThenParseRoundTrips(uint ms) =>
        PromDuration.Parse(PromDuration.Format(TimeSpan.FromMilliseconds(ms))) == TimeSpan.FromMilliseconds(ms);
}
