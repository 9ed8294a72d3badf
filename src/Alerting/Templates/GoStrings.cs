using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Tsdb.Alerting.Templates;

/// <summary>Go string helpers the template functions need: strings.Title, net.SplitHostPort, regexp.</summary>
internal static class GoStrings
{
    private static readonly ConcurrentDictionary<string, GoRegex> RegexCache = new(StringComparer.Ordinal);

    /// <summary>strings.Title: upper-case the first letter of each word; the rest is kept.</summary>
    public static string Title(string s) => TitleCore(s, lowerRest: false);

    /// <summary>golang.org/x/text cases.Title (Alertmanager's title): first letter upper, rest of the word lower.</summary>
    public static string TitleLowerRest(string s) => TitleCore(s, lowerRest: true);

    private static string TitleCore(string s, bool lowerRest)
    {
        var sb = new StringBuilder(s.Length);
        var prev = new Rune(' ');
        foreach (var r in s.EnumerateRunes())
        {
            var startOfWord = IsSeparator(prev);
            sb.Append((startOfWord ? Rune.ToUpperInvariant(r) : lowerRest ? Rune.ToLowerInvariant(r) : r).ToString());
            prev = r;
        }

        return sb.ToString();
    }

    /// <summary>strings.Title's word boundary rule.</summary>
    private static bool IsSeparator(Rune r)
    {
        if (r.Value <= 0x7F)
        {
            var c = (char)r.Value;
            return !(char.IsAsciiLetterOrDigit(c) || c == '_');
        }

        if (Rune.IsLetter(r) || Rune.IsDigit(r))
        {
            return false;
        }

        return Rune.IsWhiteSpace(r);
    }

    /// <summary>net.SplitHostPort; false where Go returns an error.</summary>
    public static bool TrySplitHostPort(string hostPort, out string host, out string port)
    {
        host = port = "";
        var i = hostPort.LastIndexOf(':');
        if (i < 0)
        {
            return false;
        }

        int j = 0, k = 0;
        if (hostPort.StartsWith('['))
        {
            var end = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (end < 0 || end + 1 == hostPort.Length || end + 1 != i)
            {
                return false;
            }

            host = hostPort[1..end];
            j = 1;
            k = end + 1;
        }
        else
        {
            host = hostPort[..i];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (hostPort.IndexOf('[', j) >= 0 || hostPort.IndexOf(']', k) >= 0)
        {
            return false;
        }

        port = hostPort[(i + 1)..];
        return true;
    }

    public static string JoinHostPort(string host, string port) =>
        host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]:" + port : host + ":" + port;

    /// <summary>
    /// Compiles a Go (RE2) pattern. RE2 numbers named groups in order with the unnamed ones while .NET numbers
    /// them last, so named groups are compiled as plain groups and their names kept aside.
    /// </summary>
    public static GoRegex Regex(string pattern) => RegexCache.GetOrAdd(pattern, static p =>
    {
        if (RegexCache.Count > 1000)
        {
            RegexCache.Clear();
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var sb = new StringBuilder(p.Length);
        var group = 0;
        var inClass = false;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '\\' && i + 1 < p.Length)
            {
                sb.Append(c).Append(p[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                sb.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                if (i + 1 < p.Length && p[i + 1] == ']')
                {
                    sb.Append(p[++i]);
                }

                continue;
            }

            if (c == '(')
            {
                var rest = p.AsSpan(i);
                var prefix = rest.StartsWith("(?P<", StringComparison.Ordinal) ? 4 : rest.StartsWith("(?<", StringComparison.Ordinal) && rest.Length > 3 && rest[3] is not ('=' or '!') ? 3 : 0;
                if (prefix > 0)
                {
                    var close = p.IndexOf('>', i + prefix);
                    if (close > 0)
                    {
                        names[p[(i + prefix)..close]] = ++group;
                        sb.Append('(');
                        i = close;
                        continue;
                    }
                }
                else if (!rest.StartsWith("(?", StringComparison.Ordinal))
                {
                    group++;
                }
            }

            sb.Append(c);
        }

        try
        {
            return new GoRegex(new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), names);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("error parsing regexp: " + e.Message, e);
        }
    });

    /// <summary>regexp.ReplaceAllString: <c>$1</c>, <c>${1}</c>, <c>$name</c> (longest name), <c>$$</c>; unknown groups expand to "".</summary>
    public static string ReplaceAll(string pattern, string replacement, string text)
    {
        var re = Regex(pattern);
        return re.Re.Replace(text, m => Expand(re, m, replacement));
    }

    private static string Expand(GoRegex re, Match m, string template)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = template[i + 1];
            if (next == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            string name;
            if (next == '{')
            {
                var close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    sb.Append(c);
                    continue;
                }

                name = template[(i + 2)..close];
                i = close;
            }
            else
            {
                var j = i + 1;
                while (j < template.Length && (char.IsLetterOrDigit(template[j]) || template[j] == '_'))
                {
                    j++;
                }

                if (j == i + 1)
                {
                    sb.Append(c);
                    continue;
                }

                name = template[(i + 1)..j];
                i = j - 1;
            }

            var number = int.TryParse(name, out var n) ? n : re.Names.TryGetValue(name, out var named) ? named : -1;
            var group = number >= 0 && number < m.Groups.Count ? m.Groups[number] : null;
            if (group is { Success: true })
            {
                sb.Append(group.Value);
            }
        }

        return sb.ToString();
    }
}

/// <summary>A compiled Go pattern: the .NET regex plus RE2's group numbers of named groups.</summary>
internal sealed record GoRegex(Regex Re, Dictionary<string, int> Names)
{
    public bool IsMatch(string s) => Re.IsMatch(s);
}
