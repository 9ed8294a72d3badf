namespace Tsdb.PromQL.Funcs;

/// <summary>Date functions over unix seconds, in UTC: day_of_month day_of_week day_of_year days_in_month hour minute month year.</summary>
public static class DateFunctions
{
    public static bool IsDateFunction(string name) => throw new NotImplementedException();

    public static double Apply(string name, double unixSeconds) => throw new NotImplementedException();
}
