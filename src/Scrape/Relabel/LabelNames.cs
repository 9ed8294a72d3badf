using System.Text.RegularExpressions;

namespace Tsdb.Scrape.Relabel;

/// <summary>Label name checks used by relabel validation (model.LabelName.IsValid, legacy scheme, and relabel.go's template pattern).</summary>
internal static partial class LabelNames
{
    public static bool IsValid(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>relabel.go relabelTarget: a label name that may contain <c>$var</c>/<c>${var}</c> references.</summary>
    public static bool IsValidTemplate(string name) => TemplatePattern().IsMatch(name);

    [GeneratedRegex(@"^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$", RegexOptions.ECMAScript, 1000)]
    private static partial Regex TemplatePattern();
}
