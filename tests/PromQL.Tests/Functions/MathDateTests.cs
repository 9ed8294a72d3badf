using Tsdb.PromQL.Funcs;
using static Tsdb.PromQL.Tests.Functions.SeriesHelper;

namespace Tsdb.PromQL.Tests.Functions;

public class MathDateTests
{
    [Theory]
    [InlineData("abs", -2.5, 2.5)]
    [InlineData("ceil", 1.2, 2)]
    [InlineData("floor", -1.2, -2)]
    [InlineData("exp", 0, 1)]
    [InlineData("ln", 1, 0)]
    [InlineData("log2", 8, 3)]
    [InlineData("log10", 1000, 3)]
    [InlineData("sqrt", 16, 4)]
    [InlineData("sqrt", -1, double.NaN)]
    [InlineData("ln", -1, double.NaN)]
    [InlineData("ln", 0, double.NegativeInfinity)]
    [InlineData("sgn", -3, -1)]
    [InlineData("sgn", 3, 1)]
    [InlineData("sgn", 0, 0)]
    [InlineData("sgn", double.NaN, double.NaN)]
    [InlineData("sgn", double.NegativeInfinity, -1)]
    [InlineData("deg", Math.PI, 180)]
    [InlineData("rad", 180, Math.PI)]
    [InlineData("sin", 0, 0)]
    [InlineData("cos", 0, 1)]
    [InlineData("tan", 0, 0)]
    [InlineData("asin", 1, Math.PI / 2)]
    [InlineData("acos", 1, 0)]
    [InlineData("atan", 0, 0)]
    [InlineData("sinh", 0, 0)]
    [InlineData("cosh", 0, 1)]
    [InlineData("tanh", double.PositiveInfinity, 1)]
    [InlineData("asinh", 0, 0)]
    [InlineData("acosh", 1, 0)]
    [InlineData("atanh", 1, double.PositiveInfinity)]
    [InlineData("asin", 2, double.NaN)]
    public void Simple(string name, double v, double expected)
    {
        Assert.True(MathFunctions.IsSimple(name));
        Close(expected, MathFunctions.Apply(name, v));
    }

    [Fact]
    public void IsSimple_RejectsOthers()
    {
        Assert.False(MathFunctions.IsSimple("round"));
        Assert.False(MathFunctions.IsSimple("clamp"));
        Assert.False(MathFunctions.IsSimple("rate"));
        Assert.Throws<ArgumentException>(() => MathFunctions.Apply("nope", 1));
    }

    [Fact]
    public void Sgn_KeepsNegativeZero() =>
        Assert.True(double.IsNegative(MathFunctions.Apply("sgn", -0.0)));

    [Theory]
    [InlineData(2.5, 1, 3)]
    [InlineData(-2.5, 1, -2)] // ties round up
    [InlineData(1.234, 0.1, 1.2)]
    [InlineData(1.25, 0.1, 1.3)]
    [InlineData(17, 5, 15)]
    [InlineData(18, 5, 20)]
    [InlineData(12, -5, 10)] // negative toNearest: floor(v/-5 + 0.5) * -5
    [InlineData(13, -5, 15)]
    [InlineData(1, 0, double.NaN)]
    [InlineData(double.NaN, 1, double.NaN)]
    [InlineData(double.PositiveInfinity, 1, double.PositiveInfinity)]
    public void Round(double v, double toNearest, double expected) =>
        Close(expected, MathFunctions.Round(v, toNearest), 1e-12);

    [Theory]
    [InlineData(-50, -25, 75, -25)]
    [InlineData(0, -25, 75, 0)]
    [InlineData(100, -25, 75, 75)]
    [InlineData(1, 0, double.NaN, double.NaN)]
    [InlineData(1, double.NaN, 0, double.NaN)]
    [InlineData(1, 5, -5, double.NaN)]
    [InlineData(double.NaN, 0, 1, double.NaN)]
    public void Clamp(double v, double min, double max, double expected) =>
        Close(expected, MathFunctions.Clamp(v, min, max));

    [Theory]
    // 2017-04-28 ... taken as examples; 1136239445 = 2006-01-02T22:04:05Z
    [InlineData(1136239445, "year", 2006)]
    [InlineData(1136239445, "month", 1)]
    [InlineData(1136239445, "day_of_month", 2)]
    [InlineData(1136239445, "day_of_week", 1)]
    [InlineData(1136239445, "day_of_year", 2)]
    [InlineData(1136239445, "hour", 22)]
    [InlineData(1136239445, "minute", 4)]
    [InlineData(1136239445, "days_in_month", 31)]
    [InlineData(0, "year", 1970)]
    [InlineData(0, "day_of_week", 4)]
    [InlineData(0, "hour", 0)]
    [InlineData(1709164800, "days_in_month", 29)] // 2024-02-29
    [InlineData(1709164800, "day_of_year", 60)]
    [InlineData(1677628799, "days_in_month", 28)] // 2023-02-28T23:59:59
    [InlineData(1677628799, "minute", 59)]
    [InlineData(4107542400, "day_of_month", 1)] // 2100-03-01 (2100 is not a leap year)
    [InlineData(4107542399, "days_in_month", 28)] // 2100-02-28
    [InlineData(1735689599, "day_of_year", 366)] // 2024-12-31T23:59:59
    [InlineData(-1, "year", 1969)] // 1969-12-31T23:59:59
    [InlineData(-1, "hour", 23)]
    [InlineData(-1, "day_of_week", 3)]
    [InlineData(-0.5, "year", 1970)] // truncated toward zero, as Go's int64()
    [InlineData(1136239445.9, "minute", 4)]
    [InlineData(253402300800, "year", 10000)] // beyond DateTime's range
    [InlineData(double.NaN, "year", double.NaN)]
    [InlineData(double.PositiveInfinity, "month", double.NaN)]
    public void Date(double seconds, string name, double expected)
    {
        Assert.True(DateFunctions.IsDateFunction(name));
        Close(expected, DateFunctions.Apply(name, seconds));
    }

    [Fact]
    public void Date_AgreesWithDateTime()
    {
        var rnd = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var secs = (long)(rnd.NextDouble() * 250_000_000_000) - 62_000_000_000;
            var dt = DateTimeOffset.FromUnixTimeSeconds(secs).UtcDateTime;
            Assert.Equal(dt.Year, DateFunctions.Apply("year", secs));
            Assert.Equal(dt.Month, DateFunctions.Apply("month", secs));
            Assert.Equal(dt.Day, DateFunctions.Apply("day_of_month", secs));
            Assert.Equal((int)dt.DayOfWeek, DateFunctions.Apply("day_of_week", secs));
            Assert.Equal(dt.DayOfYear, DateFunctions.Apply("day_of_year", secs));
            Assert.Equal(dt.Hour, DateFunctions.Apply("hour", secs));
            Assert.Equal(dt.Minute, DateFunctions.Apply("minute", secs));
            Assert.Equal(DateTime.DaysInMonth(dt.Year, dt.Month), DateFunctions.Apply("days_in_month", secs));
        }
    }

    [Fact]
    public void IsDateFunction_RejectsOthers()
    {
        Assert.False(DateFunctions.IsDateFunction("time"));
        Assert.False(DateFunctions.IsDateFunction("timestamp"));
    }

    [Theory]
    [InlineData(1230767999, "year", 2008)]
    [InlineData(1230768000, "year", 2009)]
    [InlineData(1456790399, "day_of_month", 29)]
    [InlineData(1456790400, "month", 3)]
    [InlineData(1483191420, "day_of_year", 366)]
    [InlineData(1672493820, "day_of_year", 365)]
    [InlineData(1454284800, "days_in_month", 29)]
    [InlineData(1485907200, "days_in_month", 28)]
    public void Date_FunctionsTest(double seconds, string name, double expected) =>
        Assert.Equal(expected, DateFunctions.Apply(name, seconds));

    [Theory]
    [InlineData(2.5, 3)]
    [InlineData(-2.5, -2)]
    [InlineData(-2, -2)]
    [InlineData(-0.0, 0)]
    [InlineData(double.NegativeInfinity, double.NegativeInfinity)]
    public void Round_Default(double v, double expected) => Assert.Equal(expected, MathFunctions.Round(v, 1));
}
