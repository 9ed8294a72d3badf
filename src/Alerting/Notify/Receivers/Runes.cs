using System.Text;

namespace Tsdb.Alerting.Notify;

internal static class Runes
{
    /// <summary>Alertmanager's notify.TruncateInRunes: at most n code points, the last replaced by "…" when cut.</summary>
    public static string Truncate(string s, int n)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            count++;
        }

        if (count <= n)
        {
            return s;
        }

        var sb = new StringBuilder();
        var taken = 0;
        var keep = n <= 3 ? n : n - 1;
        foreach (var r in s.EnumerateRunes())
        {
            if (taken++ == keep)
            {
                break;
            }

            sb.Append(r.ToString());
        }

        return n <= 3 ? sb.ToString() : sb.Append('…').ToString();
    }
}
