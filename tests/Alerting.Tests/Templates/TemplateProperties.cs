using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using Tsdb.Alerting.Templates;

namespace Tsdb.Alerting.Tests.Templates;

public class TemplateProperties
{
    private static string Run(string text, object? dot) =>
        GoTemplate.Parse("p", text, PrometheusTemplateFunctions.Create()).Execute(dot);

    private static bool IsValidUtf16(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)) == s;

    [Property]
    public bool TextWithoutActions_RendersUnchanged(string? s) =>
        s is null || s.Contains("{{", StringComparison.Ordinal) || Run(s, null) == s;

    [Property]
    public bool PrintfV_OfDouble_RoundTrips(double d)
    {
        if (!double.IsFinite(d))
        {
            return true;
        }

        var text = Run("{{ printf \"%v\" . }}", d);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == d && text == Run("{{ . }}", d);
    }

    [Property]
    public bool PrecisionG_RoundsToFourSignificantDigits(double d)
    {
        if (!double.IsFinite(d))
        {
            return true;
        }

        var text = Run("{{ printf \"%.4g\" . }}", d);
        var expected = double.Parse(d.ToString("E3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == expected;
    }

    [Property]
    public bool QuotedStringLiteral_RendersItsValue(string? s) =>
        s is null || !IsValidUtf16(s) || Run("{{ " + GoFormat.Quote(s) + " }}", null) == s;

    [Property]
    public bool PrintfQ_ThenParse_RoundTrips(string? s) =>
        s is null || !IsValidUtf16(s) || Run("{{ " + Run("{{ printf \"%q\" . }}", s) + " }}", null) == s;

    [Property]
    public bool HumanizeDuration_WholeSecondsBelowAMinute(byte seconds) =>
        seconds is 0 or >= 60 || Run("{{ humanizeDuration . }}", (long)seconds) == seconds.ToString(CultureInfo.InvariantCulture) + "s";
}
