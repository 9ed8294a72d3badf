using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tsdb.Config;

/// <summary>Loads YAML configuration text into a strict <see cref="YamlMap"/>, turning YAML syntax errors into <see cref="ConfigException"/> with the line.</summary>
public static class YamlConfig
{
    /// <summary>Parses <paramref name="text"/>; an empty document is an empty map. <paramref name="typeName"/> names the top level in errors.</summary>
    public static YamlMap Load(string text, string typeName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException("yaml: " + InnermostMessage(e), checked((int)e.Start.Line));
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return YamlMap.Empty(typeName);
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigException("expected a single YAML document", checked((int)stream.Documents[1].RootNode.Start.Line));
        }

        return YamlMap.From(stream.Documents[0].RootNode, typeName);
    }

    /// <summary>Reads and loads a file; errors carry the file name.</summary>
    public static YamlMap LoadFile(string path, string typeName) => ParseFile(path, (text, _) => Load(text, typeName));

    /// <summary>
    /// Reads a config file and parses it with <paramref name="parse"/> (text, the file's directory for
    /// relative paths); read and parse errors become <see cref="ConfigException"/>s naming the file.
    /// </summary>
    public static T ParseFile<T>(string path, Func<string, string?, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"open {path}: {e.Message}", 0, path);
        }

        try
        {
            return parse(text, Path.GetDirectoryName(Path.GetFullPath(path)));
        }
        catch (ConfigException e)
        {
            throw e.InFile(path);
        }
    }

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode s && s.Style == ScalarStyle.Plain && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
