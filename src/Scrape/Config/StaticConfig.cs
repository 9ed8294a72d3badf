using Tsdb.Config;

namespace Tsdb.Scrape.Config;

/// <summary>One <c>static_configs</c> entry, which is also the shape of a file_sd target group.</summary>
public sealed record StaticConfig(EquatableList<string> Targets, EquatableList<KeyValuePair<string, string>> Labels)
{
    public static StaticConfig Read(YamlMap m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var targets = new EquatableList<string>(m.StringList("targets"));
        var labels = m.StringMap("labels");
        m.RejectUnknown();
        foreach (var (name, _) in labels)
        {
            if (!Relabel.LabelNames.IsValid(name))
            {
                throw m.Error("labels", $"\"{name}\" is not a valid label name");
            }
        }

        return new StaticConfig(targets, new EquatableList<KeyValuePair<string, string>>(labels));
    }
}
