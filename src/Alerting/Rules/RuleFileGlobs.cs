using System.Text;
using System.Text.RegularExpressions;

namespace Tsdb.Alerting.Rules;

/// <summary>
/// <c>rule_files</c> patterns as Go's filepath.Glob reads them (<c>*</c>, <c>?</c>, <c>[...]</c> per
/// path segment), relative paths joined to the config file's directory. Matches are sorted.
/// </summary>
public static class RuleFileGlobs
{
    public static IReadOnlyList<string> Resolve(IEnumerable<string> patterns, string baseDir)
    {
        var result = new List<string>();
        foreach (var p in patterns)
        {
            if (string.IsNullOrEmpty(p))
            {
                continue;
            }

            var full = Path.IsPathRooted(p) ? p : Path.Combine(baseDir, p);
            result.AddRange(Glob(full));
        }

        return result;
    }

    public static IReadOnlyList<string> Glob(string pattern)
    {
        if (!HasMeta(pattern))
        {
            return File.Exists(pattern) ? [pattern] : [];
        }

        var root = Path.GetPathRoot(pattern) ?? "";
        var segments = pattern[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { root.Length > 0 ? root : "" };
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var next = new List<string>();
            foreach (var dir in current)
            {
                var seg = segments[i];
                if (!HasMeta(seg))
                {
                    var path = dir.Length == 0 ? seg : Path.Combine(dir, seg);
                    if (last ? File.Exists(path) : Directory.Exists(path))
                    {
                        next.Add(path);
                    }

                    continue;
                }

                var search = dir.Length == 0 ? "." : dir;
                if (!Directory.Exists(search))
                {
                    continue;
                }

                var re = ToRegex(seg);
                var entries = last ? Directory.GetFiles(search) : Directory.GetDirectories(search);
                foreach (var e in entries.Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(e);
                    if (re.IsMatch(name))
                    {
                        next.Add(dir.Length == 0 ? name : Path.Combine(dir, name));
                    }
                }
            }

            current = next;
        }

        return current;
    }

    private static bool HasMeta(string s) => s.AsSpan().IndexOfAny("*?[") >= 0;

    private static Regex ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0)
                    {
                        sb.Append("\\[");
                        break;
                    }

                    var cls = glob[(i + 1)..end];
                    sb.Append('[').Append(cls.StartsWith('^') ? cls : cls.Replace("!", "^", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
