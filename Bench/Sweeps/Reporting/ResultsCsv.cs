using System.Globalization;
using System.Text;
using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Reporting;

/// <summary>
/// <c>results.csv</c>: one row per point, every seed, failed points included (with empty measurements).
/// Column names are the JSON field names of the same values in <c>results.json</c>.
/// </summary>
public static class ResultsCsv
{
    private static readonly (string Name, Func<BenchPoint, string> Value)[] Table =
    [
        ("model", p => p.Key.Model),
        ("method", p => p.Key.Method),
        ("budget", p => p.Key.Budget.ToString()),
        ("seed", p => Number(p.Key.Seed)),
        ("failure", p => p.Failure ?? ""),
        ("seconds", p => Number(p.Seconds)),
        ("same_model_as", p => p.SameModelAs ?? ""),
        ("images", p => M(p, m => Number(m.Protocol.Images))),
        ("accuracy", p => M(p, m => Number(m.Protocol.Accuracy))),
        ("float_accuracy", p => M(p, m => Number(m.Protocol.FloatAccuracy))),
        ("float_test_accuracy", p => M(p, m => Number(m.Variant.FloatTestAccuracy))),
        ("relus", p => M(p, m => Number(m.Variant.Relus))),
        ("max_pool_comparisons", p => M(p, m => Number(m.Variant.MaxPoolComparisons))),
        ("parameters", p => M(p, m => Number(m.Variant.Parameters))),
        ("macs", p => M(p, m => Number(m.Variant.Macs))),
        ("layers", p => M(p, m => Number(m.Protocol.Layers))),
        ("he_multiply_plain", p => M(p, m => Number(m.Protocol.HeMultiplyPlain))),
        ("he_rotations", p => M(p, m => Number(m.Protocol.HeRotations))),
        ("and_gates", p => M(p, m => Number(m.Protocol.AndGates))),
        ("oblivious_transfers", p => M(p, m => Number(m.Protocol.ObliviousTransfers))),
        ("client_offline_ms", p => M(p, m => Number(m.Protocol.ClientOfflineMs))),
        ("server_offline_ms", p => M(p, m => Number(m.Protocol.ServerOfflineMs))),
        ("offline_ms", p => M(p, m => Number(m.Protocol.OfflineMs))),
        ("client_online_ms", p => M(p, m => Number(m.Protocol.ClientOnlineMs))),
        ("server_online_ms", p => M(p, m => Number(m.Protocol.ServerOnlineMs))),
        ("online_ms", p => M(p, m => Number(m.Protocol.OnlineMs))),
        ("offline_client_to_server_bytes", p => M(p, m => Number(m.Protocol.OfflineClientToServerBytes))),
        ("offline_server_to_client_bytes", p => M(p, m => Number(m.Protocol.OfflineServerToClientBytes))),
        ("online_client_to_server_bytes", p => M(p, m => Number(m.Protocol.OnlineClientToServerBytes))),
        ("online_server_to_client_bytes", p => M(p, m => Number(m.Protocol.OnlineServerToClientBytes))),
        ("offline_bytes", p => M(p, m => Number(m.Protocol.OfflineBytes))),
        ("online_bytes", p => M(p, m => Number(m.Protocol.OnlineBytes))),
        ("total_bytes", p => M(p, m => Number(m.Protocol.TotalBytes))),
    ];

    /// <summary>The columns, in file order.</summary>
    public static IReadOnlyList<string> Columns { get; } = [.. Table.Select(c => c.Name)];

    /// <summary>The file's text: a header line, then one line per point in the order given.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    public static string Format(IEnumerable<BenchPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns).Append('\n');
        foreach (var point in points)
            csv.AppendJoin(',', Table.Select(c => Quote(c.Value(point)))).Append('\n');
        return csv.ToString();
    }

    private static string M(BenchPoint point, Func<PointMeasurement, string> value) => point.Measurement is { } m ? value(m) : "";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    // "R" keeps every digit, so a value read back from the CSV equals the one measured.
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled (failure messages).
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
