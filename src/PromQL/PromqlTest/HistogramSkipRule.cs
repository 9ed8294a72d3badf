using Tsdb.Storage;

namespace Tsdb.PromQL.PromqlTest;

/// <summary>
/// Decides whether a case needs native histograms, the only reason a case may be skipped: its expected
/// result holds a histogram point (<c>{{...}}</c>), or its query reads a loaded series that carries
/// histogram points.
/// <para>
/// "Reads" is decided with the query's vector selectors (<c>selectorsOf</c>: the matchers of each vector
/// selector, normally supplied by the PromQL parser): the case is skipped when any selector matches any
/// histogram series. <b>Fallback</b> when no <c>selectorsOf</c> is given (or it throws, e.g. for a query that
/// does not parse): the case is skipped when the query text contains the metric name of a histogram series
/// as a whole word. The fallback misses selectors without a literal name (<c>{__name__=~"h.*"}</c>) and
/// skips a query that only mentions the name in a string; it is an approximation until the parser is wired in.
/// </para>
/// </summary>
public static class HistogramSkipRule
{
    /// <summary>Null when the case must run; otherwise why it is skipped.</summary>
    public static string? SkipReason(
        EvalCommand cmd,
        IReadOnlyCollection<Labels> histogramSeries,
        Func<string, IReadOnlyList<IReadOnlyList<Matcher>>>? selectorsOf)
    {
        foreach (var e in cmd.ExpectedSeries)
        {
            if (e.Series.HasHistogram)
            {
                return $"needs native histograms: the expected result holds a histogram ({ResultFormatter.FormatMetric(e.Series.Metric)}, line {e.Series.Line})";
            }
        }

        if (histogramSeries.Count == 0)
        {
            return null;
        }

        IReadOnlyList<IReadOnlyList<Matcher>>? selectors = null;
        if (selectorsOf is not null)
        {
            try
            {
                selectors = selectorsOf(cmd.Query);
            }
            catch (Exception)
            {
                selectors = null;
            }
        }

        if (selectors is not null)
        {
            foreach (var matchers in selectors)
            {
                foreach (var series in histogramSeries)
                {
                    if (MatchesAll(matchers, series))
                    {
                        return $"needs native histograms: the query reads histogram series {ResultFormatter.FormatMetric(series)}";
                    }
                }
            }

            return null;
        }

        foreach (var series in histogramSeries)
        {
            var name = series.MetricName;
            if (name.Length > 0 && MentionsWord(cmd.Query, name))
            {
                return $"needs native histograms: the query mentions histogram metric {name} (text fallback, no selector parser given)";
            }
        }

        return null;
    }

    private static bool MatchesAll(IReadOnlyList<Matcher> matchers, Labels series)
    {
        foreach (var m in matchers)
        {
            if (!m.Matches(series.Get(m.Name)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="word"/> occurs with no identifier character right before or after it.</summary>
    internal static bool MentionsWord(string text, string word)
    {
        var from = 0;
        while (true)
        {
            var at = text.IndexOf(word, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var end = at + word.Length;
            var before = at == 0 || !IsIdentifierChar(text[at - 1]);
            var after = end == text.Length || !IsIdentifierChar(text[end]);
            if (before && after)
            {
                return true;
            }

            from = at + 1;
        }
    }

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
}
