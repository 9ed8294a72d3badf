using Tsdb.Api.Http;

namespace Tsdb.Api.Tests.Http;

public class PromJsonTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(-2e-10, "-2e-10")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(0.00001234, "0.00001234")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(100000000000000.0, "100000000000000")]
    [InlineData(-999999999999999.9, "-999999999999999.9")]
    // A power of two has a narrower interval below it: .NET's "R" gave 2.980232238769531E-08, which parses to another double.
    [InlineData(2.98023223876953125e-08, "2.9802322387695312e-08")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatFloatLikeGo(double v, string expected) => Assert.Equal(expected, PromJson.FormatFloat(v));

    [Theory]
    [InlineData(1435781451781L, "1435781451.781")]
    [InlineData(1050L, "1.050")]
    [InlineData(1500L, "1.500")]
    [InlineData(1435781451000L, "1435781451")]
    [InlineData(0L, "0")]
    [InlineData(-1500L, "-1.500")]
    [InlineData(-1L, "-0.001")]
    [InlineData(long.MinValue, "-9223372036854775.808")]
    [InlineData(long.MaxValue, "9223372036854775.807")]
    public void FormatTimestamp(long ms, string expected) => Assert.Equal(expected, PromJson.FormatTimestamp(ms));

    [Theory]
    [InlineData("1.5", 1500L)]
    [InlineData("1435781451.781", 1435781451781L)]
    [InlineData("2015-07-01T20:10:51.781Z", 1435781451781L)]
    [InlineData("2015-07-01T22:10:51+02:00", 1435781451000L)]
    public void ParseTime(string s, long ms) => Assert.Equal(ms, ApiParams.ParseTime("time", s));

    [Theory]
    [InlineData("15", 15000L)]
    [InlineData("0.5", 500L)]
    [InlineData("1m30s", 90000L)]
    [InlineData("500ms", 500L)]
    public void ParseDuration(string s, long ms) => Assert.Equal(ms, ApiParams.ParseDuration("step", s));
}
