using Tsdb.Config;

namespace Tsdb.Scrape.Relabel;

/// <summary>
/// One <c>relabel_config</c> (model/relabel/relabel.go): defaults separator ";", regex "(.*)",
/// replacement "$1", action replace. Validation and its messages follow relabel.go's Validate.
/// </summary>
public sealed record RelabelConfig
{
    public const string DefaultSeparator = ";";
    public const string DefaultReplacement = "$1";

    public IReadOnlyList<string>? SourceLabels { get; init; }

    public string Separator { get; init; } = DefaultSeparator;

    public RelabelRegex Regex { get; init; } = RelabelRegex.Default;

    public ulong Modulus { get; init; }

    public string TargetLabel { get; init; } = "";

    public string Replacement { get; init; } = DefaultReplacement;

    public RelabelAction Action { get; init; } = RelabelAction.Replace;

    public bool Equals(RelabelConfig? other) =>
        other is not null && Separator == other.Separator && Regex.Equals(other.Regex) && Modulus == other.Modulus &&
        TargetLabel == other.TargetLabel && Replacement == other.Replacement && Action == other.Action &&
        SequenceEqual(SourceLabels, other.SourceLabels);

    public override int GetHashCode() => HashCode.Combine(Separator, Regex, Modulus, TargetLabel, Replacement, Action);

    /// <summary>Reads a list of relabel configs (e.g. <c>relabel_configs</c>) from <paramref name="parent"/>.</summary>
    public static IReadOnlyList<RelabelConfig> ReadList(YamlMap parent, string key)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var list = new List<RelabelConfig>();
        foreach (var m in parent.MapList(key, "relabel.Config"))
        {
            list.Add(Read(m));
        }

        return list;
    }

    public static RelabelConfig Read(YamlMap m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var actionText = m.String("action");
        var action = RelabelAction.Replace;
        if (actionText is not null && !TryParseAction(actionText, out action))
        {
            throw m.Error("action", $"unknown relabel action \"{actionText}\"");
        }

        RelabelRegex regex;
        try
        {
            regex = m.String("regex") is { } r ? RelabelRegex.Create(r) : RelabelRegex.Default;
        }
        catch (ArgumentException e)
        {
            throw m.Error("regex", e.Message);
        }

        var modulus = m.Long("modulus") ?? 0;
        if (modulus < 0)
        {
            throw m.Error("modulus", $"cannot unmarshal !!int `{modulus}` into uint64");
        }

        var cfg = new RelabelConfig
        {
            SourceLabels = m.Has("source_labels") ? m.StringList("source_labels") : null,
            Separator = m.String("separator") ?? DefaultSeparator,
            Regex = regex,
            Modulus = (ulong)modulus,
            TargetLabel = m.String("target_label") ?? "",
            Replacement = m.String("replacement") ?? DefaultReplacement,
            Action = action,
        };
        m.RejectUnknown();
        if (cfg.Validate() is { } error)
        {
            throw new ConfigException(error, m.Line);
        }

        return cfg;
    }

    public static bool TryParseAction(string text, out RelabelAction action)
    {
        ArgumentNullException.ThrowIfNull(text);
        action = text.ToLowerInvariant() switch
        {
            "replace" => RelabelAction.Replace,
            "keep" => RelabelAction.Keep,
            "drop" => RelabelAction.Drop,
            "keepequal" => RelabelAction.KeepEqual,
            "dropequal" => RelabelAction.DropEqual,
            "hashmod" => RelabelAction.HashMod,
            "labelmap" => RelabelAction.LabelMap,
            "labeldrop" => RelabelAction.LabelDrop,
            "labelkeep" => RelabelAction.LabelKeep,
            "lowercase" => RelabelAction.Lowercase,
            "uppercase" => RelabelAction.Uppercase,
            _ => (RelabelAction)255,
        };
        return action != (RelabelAction)255;
    }

    public static string ActionName(RelabelAction a) => a.ToString().ToLowerInvariant();

    /// <summary>relabel.go Validate: null when valid, else Prometheus's message.</summary>
    public string? Validate()
    {
        var a = ActionName(Action);
        if (Modulus == 0 && Action == RelabelAction.HashMod)
        {
            return "relabel configuration for hashmod requires non-zero modulus";
        }

        var needsTarget = Action is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase
            or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual;
        if (needsTarget && TargetLabel.Length == 0)
        {
            return $"relabel configuration for {a} action requires 'target_label' value";
        }

        var hasVar = TargetLabel.Contains('$', StringComparison.Ordinal);
        if (Action == RelabelAction.Replace && !hasVar && !LabelNames.IsValid(TargetLabel))
        {
            return $"\"{TargetLabel}\" is invalid 'target_label' for {a} action";
        }

        if (Action == RelabelAction.Replace && hasVar && !LabelNames.IsValidTemplate(TargetLabel))
        {
            return $"\"{TargetLabel}\" is invalid 'target_label' for {a} action";
        }

        var caseOrEqual = Action is RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual;
        if (caseOrEqual && !LabelNames.IsValid(TargetLabel))
        {
            return $"\"{TargetLabel}\" is invalid 'target_label' for {a} action";
        }

        if (caseOrEqual && Replacement != DefaultReplacement)
        {
            return $"'replacement' can not be set for {a} action";
        }

        if (Action == RelabelAction.LabelMap && !LabelNames.IsValidTemplate(Replacement))
        {
            return $"\"{Replacement}\" is invalid 'replacement' for {a} action";
        }

        if (Action == RelabelAction.HashMod && !LabelNames.IsValid(TargetLabel))
        {
            return $"\"{TargetLabel}\" is invalid 'target_label' for {a} action";
        }

        if (Action is RelabelAction.KeepEqual or RelabelAction.DropEqual &&
            (!Regex.IsDefault || Modulus != 0 || Separator != DefaultSeparator || Replacement != DefaultReplacement))
        {
            return $"{a} action requires only 'source_labels' and `target_label`, and no other fields";
        }

        if (Action is RelabelAction.LabelDrop or RelabelAction.LabelKeep &&
            (SourceLabels is not null || TargetLabel.Length != 0 || Modulus != 0 || Separator != DefaultSeparator || Replacement != DefaultReplacement))
        {
            return $"{a} action requires only 'regex', and no other fields";
        }

        return null;
    }

    private static bool SequenceEqual(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
