using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Tsdb.Scrape.Relabel;

/// <summary>
/// Maps RE2 group numbers (every capture group, named or not, numbered by its opening parenthesis)
/// to .NET group names (.NET numbers unnamed groups first, then named ones). Only needed when a
/// pattern mixes named and numbered references, so it is computed lazily and cached per regex.
/// </summary>
internal static class RegexGroupOrder
{
    private static readonly ConditionalWeakTable<Regex, string[]> Cache = [];

    public static string[] Get(Regex regex) => Cache.GetValue(regex, Compute);

    private static string[] Compute(Regex regex)
    {
        var p = regex.ToString();
        var result = new List<string> { "0" };
        var unnamed = 0;
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                if (i + 1 < p.Length && p[i + 1] == ']')
                {
                    i++;
                }

                continue;
            }

            if (c != '(')
            {
                continue;
            }

            if (i + 1 < p.Length && p[i + 1] == '?')
            {
                if (i + 2 < p.Length && p[i + 2] == '<' && i + 3 < p.Length && p[i + 3] is not ('=' or '!'))
                {
                    var end = p.IndexOf('>', i + 3);
                    if (end > 0)
                    {
                        result.Add(p[(i + 3)..end]);
                    }
                }

                continue;
            }

            result.Add((++unnamed).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return [.. result];
    }
}
