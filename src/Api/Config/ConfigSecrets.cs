using YamlDotNet.RepresentationModel;

namespace Tsdb.Api.Config;

/// <summary>
/// What /api/v1/status/config shows: the loaded file with every secret value replaced by
/// <c>&lt;secret&gt;</c>, as Prometheus prints its <c>config.Secret</c> fields.
/// </summary>
internal static class ConfigSecrets
{
    private static readonly HashSet<string> SecretKeys = new(StringComparer.Ordinal)
    {
        "password", "bearer_token", "credentials", "client_secret", "secret_key", "access_key", "routing_key", "api_key",
    };

    public static string Mask(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        foreach (var doc in stream.Documents)
        {
            Walk(doc.RootNode);
        }

        using var w = new StringWriter();
        stream.Save(w, assignAnchors: false);

        // YamlStream ends each document with "...": not part of what users wrote.
        return w.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }

    private static void Walk(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children.ToList())
                {
                    if (k is YamlScalarNode { Value: { } key } && SecretKeys.Contains(key) && v is YamlScalarNode { Value.Length: > 0 })
                    {
                        m.Children[k] = new YamlScalarNode("<secret>");
                    }
                    else
                    {
                        Walk(v);
                    }
                }

                break;
            case YamlSequenceNode s:
                foreach (var item in s.Children)
                {
                    Walk(item);
                }

                break;
        }
    }
}
