using System.Text.Json;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Sweeps.Reporting;

/// <summary><c>results.json</c>: the whole <see cref="BenchReport"/>, snake_case fields.</summary>
public static class ResultsJson
{
    /// <summary>The report as JSON text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string Format(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, BenchJson.Options);
    }

    /// <summary>Reads a report back.</summary>
    /// <exception cref="InvalidDataException">The text is not a report of <see cref="BenchReport.CurrentSchemaVersion"/>.</exception>
    public static BenchReport Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        BenchReport? report;
        try
        {
            report = JsonSerializer.Deserialize<BenchReport>(json, BenchJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a benchmark report ({e.Message})", e);
        }
        if (report is null) throw new InvalidDataException("empty benchmark report");
        if (report.SchemaVersion != BenchReport.CurrentSchemaVersion)
            throw new InvalidDataException($"benchmark report schema {report.SchemaVersion}; this version reads {BenchReport.CurrentSchemaVersion}");
        return report;
    }
}
