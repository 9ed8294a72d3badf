using System.Globalization;

namespace Tsdb.Load.Report;

/// <summary>Report text is formatted the same on every machine, whatever its culture.</summary>
internal static class Invariant
{
    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
