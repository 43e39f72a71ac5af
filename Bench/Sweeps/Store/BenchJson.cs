using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiToolkit.Bench.Sweeps.Store;

/// <summary>
/// The one set of JSON options for point records, the run manifest and <c>results.json</c>:
/// snake_case names (what scripts reading the files expect, as with <c>pitk pi run --json</c>).
/// </summary>
public static class BenchJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Non-finite numbers must not be written silently: a NaN in a record is a bug upstream.
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
