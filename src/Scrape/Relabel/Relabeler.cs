using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tsdb.Storage;

namespace Tsdb.Scrape.Relabel;

/// <summary>
/// Applies relabel configs in order (relabel.go <c>ProcessBuilder</c>); false as soon as one drops
/// the label set. Works on a mutable label list so a chain of rules builds one result.
/// </summary>
public static class Relabeler
{
    /// <summary>Relabels <paramref name="labels"/>; returns false (and <see cref="Labels.Empty"/>) when dropped.</summary>
    public static bool Process(Labels labels, IReadOnlyList<RelabelConfig> configs, out Labels result)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(configs);
        if (configs.Count == 0)
        {
            result = labels;
            return true;
        }

        var work = new List<Label>(labels.Count + 2);
        foreach (var l in labels)
        {
            work.Add(l);
        }

        if (!Process(work, configs))
        {
            result = Labels.Empty;
            return false;
        }

        result = Labels.FromUnsorted(work);
        return true;
    }

    /// <summary>Relabels the working list in place (unsorted, names unique, no empty values).</summary>
    public static bool Process(List<Label> labels, IReadOnlyList<RelabelConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(configs);
        foreach (var cfg in configs)
        {
            if (!Apply(cfg, labels))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Apply(RelabelConfig cfg, List<Label> lb)
    {
        var val = JoinSources(cfg, lb);
        switch (cfg.Action)
        {
            case RelabelAction.Drop:
                return !cfg.Regex.IsMatch(val);
            case RelabelAction.Keep:
                return cfg.Regex.IsMatch(val);
            case RelabelAction.DropEqual:
                return Get(lb, cfg.TargetLabel) != val;
            case RelabelAction.KeepEqual:
                return Get(lb, cfg.TargetLabel) == val;
            case RelabelAction.Replace:
                Replace(cfg, lb, val);
                return true;
            case RelabelAction.Lowercase:
                Set(lb, cfg.TargetLabel, val.ToLowerInvariant());
                return true;
            case RelabelAction.Uppercase:
                Set(lb, cfg.TargetLabel, val.ToUpperInvariant());
                return true;
            case RelabelAction.HashMod:
                Set(lb, cfg.TargetLabel, HashMod(val, cfg.Modulus).ToString(CultureInfo.InvariantCulture));
                return true;
            case RelabelAction.LabelMap:
                foreach (var l in lb.ToArray())
                {
                    var m = cfg.Regex.Regex.Match(l.Name);
                    if (m.Success)
                    {
                        Set(lb, GoExpand.Expand(cfg.Replacement, cfg.Regex.Regex, m), l.Value);
                    }
                }

                return true;
            case RelabelAction.LabelDrop:
                lb.RemoveAll(l => cfg.Regex.IsMatch(l.Name));
                return true;
            case RelabelAction.LabelKeep:
                lb.RemoveAll(l => !cfg.Regex.IsMatch(l.Name));
                return true;
            default:
                throw new InvalidOperationException($"unknown relabel action {cfg.Action}");
        }
    }

    private static void Replace(RelabelConfig cfg, List<Label> lb, string val)
    {
        // relabel.go's fast path: an empty input with the default regex sets the literal replacement.
        if (val.Length == 0 && cfg.Regex.IsDefault &&
            !cfg.TargetLabel.Contains('$', StringComparison.Ordinal) && !cfg.Replacement.Contains('$', StringComparison.Ordinal))
        {
            Set(lb, cfg.TargetLabel, cfg.Replacement);
            return;
        }

        var m = cfg.Regex.Regex.Match(val);
        if (!m.Success)
        {
            return;
        }

        var target = GoExpand.Expand(cfg.TargetLabel, cfg.Regex.Regex, m);
        if (!LabelNames.IsValid(target))
        {
            return;
        }

        Set(lb, target, GoExpand.Expand(cfg.Replacement, cfg.Regex.Regex, m));
    }

    /// <summary>The last 8 bytes of MD5(value) as a big-endian uint64, mod <paramref name="modulus"/> (relabel.go).</summary>
    public static ulong HashMod(string value, ulong modulus)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> hash = stackalloc byte[16];
#pragma warning disable CA5351 // MD5 is what Prometheus uses for hashmod; it is not a security use.
        MD5.HashData(Encoding.UTF8.GetBytes(value), hash);
#pragma warning restore CA5351
        return BinaryPrimitives.ReadUInt64BigEndian(hash[8..]) % modulus;
    }

    private static string JoinSources(RelabelConfig cfg, List<Label> lb)
    {
        var src = cfg.SourceLabels;
        if (src is null || src.Count == 0)
        {
            return "";
        }

        if (src.Count == 1)
        {
            return Get(lb, src[0]);
        }

        var sb = new StringBuilder();
        for (var i = 0; i < src.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(cfg.Separator);
            }

            sb.Append(Get(lb, src[i]));
        }

        return sb.ToString();
    }

    internal static string Get(List<Label> lb, string name)
    {
        foreach (var l in lb)
        {
            if (l.Name == name)
            {
                return l.Value;
            }
        }

        return "";
    }

    /// <summary>Sets a label; an empty value deletes it (Prometheus treats empty as absent).</summary>
    internal static void Set(List<Label> lb, string name, string value)
    {
        for (var i = 0; i < lb.Count; i++)
        {
            if (lb[i].Name == name)
            {
                if (value.Length == 0)
                {
                    lb.RemoveAt(i);
                }
                else
                {
                    lb[i] = new Label(name, value);
                }

                return;
            }
        }

        if (value.Length != 0)
        {
            lb.Add(new Label(name, value));
        }
    }
}
