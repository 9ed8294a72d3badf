using Tsdb.PromQL.PromqlTest;

namespace Tsdb.PromQL.Tests.PromqlTest;

public sealed class PromDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("0m", 0L)]
    [InlineData("0h", 0L)]
    [InlineData("1ms", 1L)]
    [InlineData("10s", 10_000L)]
    [InlineData("50m", 3_000_000L)]
    [InlineData("1h30m", 5_400_000L)]
    [InlineData("9m10s", 550_000L)]
    [InlineData("8000s", 8_000_000L)]
    [InlineData("1d", 86_400_000L)]
    [InlineData("1w", 604_800_000L)]
    [InlineData("1y", 31_536_000_000L)]
    [InlineData("1y2w3d4h5m6s7ms", 31_536_000_000L + 1_209_600_000L + 259_200_000L + 14_400_000L + 300_000L + 6_000L + 7L)]
    public void Parses(string text, long ms) => Assert.Equal(ms, PromDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-1m")]
    [InlineData("1.5m")]
    [InlineData("1m1h")]
    [InlineData("1m1m")]
    [InlineData("1x")]
    [InlineData("m")]
    [InlineData(" 1m")]
    [InlineData("99999999999999999999s")]
    public void Rejects(string text) => Assert.Throws<FormatException>(() => PromDuration.Parse(text));
}
