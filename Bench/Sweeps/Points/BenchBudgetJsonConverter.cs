using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>Writes a budget as a JSON number, or the string <c>"all"</c>; reads both.</summary>
internal sealed class BenchBudgetJsonConverter : JsonConverter<BenchBudget>
{
    public override BenchBudget Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType switch
            {
                JsonTokenType.Number => BenchBudget.Of(reader.GetInt64()),
                JsonTokenType.String => BenchBudget.Parse(reader.GetString()!),
                _ => throw new JsonException($"a budget is a number or \"all\", not {reader.TokenType}"),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, BenchBudget value, JsonSerializerOptions options)
    {
        if (value.Relus is { } relus) writer.WriteNumberValue(relus);
        else writer.WriteStringValue("all");
    }
}
