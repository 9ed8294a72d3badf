namespace Tsdb.Alerting.Templates;

/// <summary>
/// Alertmanager's notification-template functions (template/template.go <c>DefaultFuncs</c>): toUpper, toLower,
/// title, trimSpace, join, match, safeHtml, safeUrl, urlUnescape, reReplaceAll, stringSlice, date, tz, since,
/// humanizeDuration, toJson. Alertmanager parses with <c>missingkey=zero</c>: use
/// <see cref="GoTemplateOptions.MissingKeyZero"/>.
/// </summary>
public static class AlertmanagerTemplateFunctions
{
    /// <summary>The table; <paramref name="clock"/> is what <c>since</c> measures against (default: wall clock, UTC).</summary>
    public static TemplateFunctions Create(Func<DateTime>? clock = null)
    {
        var now = clock ?? (() => DateTime.UtcNow);
        return TemplateFunctions.From(
        [
            new("toUpper", 1, 1, static (_, a) => Args.String(a, 0).ToUpperInvariant()),
            new("toLower", 1, 1, static (_, a) => Args.String(a, 0).ToLowerInvariant()),
            new("title", 1, 1, static (_, a) => GoStrings.TitleLowerRest(Args.String(a, 0))),
            new("trimSpace", 1, 1, static (_, a) => Args.String(a, 0).Trim()),
            new("join", 2, 2, static (_, a) => string.Join(Args.String(a, 0), StringList(a[1]))),
            new("match", 2, 2, static (_, a) => GoStrings.Regex(Args.String(a, 0)).IsMatch(Args.String(a, 1))),
            new("safeHtml", 1, 1, static (_, a) => Args.String(a, 0)),
            new("safeUrl", 1, 1, static (_, a) => Args.String(a, 0)),
            new("urlUnescape", 1, 1, static (_, a) => UrlUnescape(Args.String(a, 0))),
            new("reReplaceAll", 3, 3, static (_, a) => GoStrings.ReplaceAll(Args.String(a, 0), Args.String(a, 1), Args.String(a, 2))),
            new("stringSlice", 0, -1, static (_, a) => StringSlice(a)),
            new("date", 2, 2, static (_, a) => GoTime.Format(Args.String(a, 0), Args.Time(a, 1))),
            new("tz", 2, 2, static (_, a) => InZone(Args.String(a, 0), Args.Time(a, 1))),
            new("since", 1, 1, (_, a) => new DateTimeOffset(DateTime.SpecifyKind(now(), DateTimeKind.Utc)) - Args.Time(a, 0)),
            new("humanizeDuration", 1, 1, static (_, a) => PrometheusTemplateFunctions.HumanizeDuration(Args.Float(a, 0))),
            new("toJson", 1, 1, static (_, a) => GoJson.Marshal(a[0])),
        ]);
    }

    private static List<string> StringList(object? v)
    {
        if (v is IEnumerable<string> strings)
        {
            return [.. strings];
        }

        if (v is not null && GoValues.IsList(v))
        {
            var list = new List<string>();
            foreach (var x in GoValues.ToList(v))
            {
                list.Add(x as string ?? throw new TemplateArgumentException("wrong type for value; expected []string; got " + GoValues.TypeName(v)));
            }

            return list;
        }

        throw new TemplateArgumentException("wrong type for value; expected []string; got " + GoValues.TypeName(v));
    }

    private static List<string> StringSlice(object?[] a)
    {
        var list = new List<string>(a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            list.Add(Args.String(a, i));
        }

        return list;
    }

    private static DateTimeOffset InZone(string name, DateTimeOffset t)
    {
        if (name is "" or "UTC")
        {
            return t.ToUniversalTime();
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return TimeZoneInfo.ConvertTime(t, zone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException("unknown time zone " + name, e);
        }
    }

    private static string UrlUnescape(string s)
    {
        // url.QueryUnescape: '+' is a space; a bad %-escape is an error.
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2])))
            {
                var end = Math.Min(i + 3, s.Length);
                throw new FormatException("invalid URL escape " + GoFormat.Quote(s[i..end]));
            }
        }

        return Uri.UnescapeDataString(s.Replace('+', ' '));
    }
}
