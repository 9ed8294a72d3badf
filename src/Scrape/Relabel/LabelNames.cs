using System.Text;

namespace Tsdb.Scrape.Relabel;

/// <summary>
/// Label name validity under Prometheus 3's default UTF-8 name validation scheme
/// (model.LabelName.IsValid): any non-empty valid UTF-8 string. With it, relabel.go accepts
/// <c>$var</c> references in target labels and labelmap replacements by the same rule.
/// </summary>
internal static class LabelNames
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool IsValid(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        try
        {
            _ = StrictUtf8.GetByteCount(name);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A label name that may contain <c>$var</c>/<c>${var}</c> references (same rule under UTF-8 validation).</summary>
    public static bool IsValidTemplate(string name) => IsValid(name);
}
