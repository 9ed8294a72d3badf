using System.Text;

namespace Tsdb.Scrape.Parsing;

/// <summary>
/// Shared strings for the label names nearly every target repeats, so a cache miss does not allocate
/// a fresh "le" or "instance" each time; any other name is decoded normally.
/// </summary>
internal static class LabelNames
{
    public static string Get(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 2 when name.SequenceEqual("le"u8):
                return "le";
            case 3 when name.SequenceEqual("job"u8):
                return "job";
            case 4 when name.SequenceEqual("mode"u8):
                return "mode";
            case 6 when name.SequenceEqual("device"u8):
                return "device";
            case 8 when name.SequenceEqual("quantile"u8):
                return "quantile";
            case 8 when name.SequenceEqual("instance"u8):
                return "instance";
            default:
                return Encoding.UTF8.GetString(name);
        }
    }
}
