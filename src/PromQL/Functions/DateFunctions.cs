namespace Tsdb.PromQL.Funcs;

/// <summary>Date functions over unix seconds, in UTC: day_of_month day_of_week day_of_year days_in_month hour minute month year.</summary>
/// <remarks>
/// The seconds are truncated toward zero (Go's int64 conversion) and converted with the proleptic
/// Gregorian calendar over the whole int64 range (no DateTime limits). NaN and ±Inf give NaN
/// (Go's conversion of those is platform-defined; we chose NaN).
/// </remarks>
public static class DateFunctions
{
    public static bool IsDateFunction(string name) => name switch
    {
        "day_of_month" or "day_of_week" or "day_of_year" or "days_in_month"
            or "hour" or "minute" or "month" or "year" => true,
        _ => false,
    };

    public static double Apply(string name, double unixSeconds)
    {
        if (double.IsNaN(unixSeconds) || double.IsInfinity(unixSeconds)
            || unixSeconds >= 9.2233720368547758e18 || unixSeconds < -9.2233720368547758e18)
        {
            return double.NaN;
        }

        var secs = (long)unixSeconds; // truncation toward zero, as Go's int64(f)
        var days = FloorDiv(secs, 86400);
        var secOfDay = secs - days * 86400;
        switch (name)
        {
            case "hour":
                return secOfDay / 3600;
            case "minute":
                return secOfDay % 3600 / 60;
            case "day_of_week":
                // 1970-01-01 was a Thursday (4); Sunday is 0.
                return FloorMod(days + 4, 7);
        }

        CivilFromDays(days, out var year, out var month, out var day);
        return name switch
        {
            "day_of_month" => day,
            "month" => month,
            "year" => year,
            "days_in_month" => DaysInMonth(year, month),
            "day_of_year" => days - DaysFromCivil(year, 1, 1) + 1,
            _ => throw new ArgumentException("not a date function: " + name, nameof(name)),
        };
    }

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0)))
        {
            q--;
        }

        return q;
    }

    private static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;

    private static bool IsLeap(long y) => y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

    private static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeap(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Days since 1970-01-01 to civil date and back (H. Hinnant's algorithms), on long.
    private static void CivilFromDays(long z, out long year, out int month, out int day)
    {
        z += 719468;
        var era = FloorDiv(z, 146097);
        var doe = z - era * 146097;
        var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        day = (int)(doy - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = month <= 2 ? y + 1 : y;
    }

    private static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = FloorDiv(y, 400);
        var yoe = y - era * 400;
        var mp = m > 2 ? m - 3 : m + 9;
        var doy = (153 * mp + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
