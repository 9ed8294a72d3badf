using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tsdb.Storage.Blocks;

/// <summary>Writes ULIDs as their 26-character string.</summary>
internal sealed class UlidJsonConverter : JsonConverter<Ulid>
{
    public override Ulid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        return s is not null && Ulid.TryParse(s, out var u) ? u : throw new JsonException($"invalid ULID \"{s}\"");
    }

    public override void Write(Utf8JsonWriter writer, Ulid value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

[JsonSourceGenerationOptions(WriteIndented = true, IndentCharacter = '\t', IndentSize = 1, Converters = [typeof(UlidJsonConverter)])]
[JsonSerializable(typeof(BlockMeta))]
internal sealed partial class BlockMetaJsonContext : JsonSerializerContext;
