using System.Globalization;
using System.Text.Json;
using PiToolkit.Bench.Sweeps.Reporting;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests.Reporting;

public class ResultsCsvTests
{
    // The schema scripts rely on: changing it is a deliberate act that updates this list and the docs.
    private static readonly string[] Schema =
    [
        "model", "method", "budget", "seed", "failure", "seconds", "same_model_as", "images", "accuracy", "float_accuracy", "float_test_accuracy",
        "relus", "max_pool_comparisons", "parameters", "macs", "layers", "he_multiply_plain", "he_rotations", "and_gates",
        "oblivious_transfers", "client_offline_ms", "server_offline_ms", "offline_ms", "client_online_ms", "server_online_ms",
        "online_ms", "offline_client_to_server_bytes", "offline_server_to_client_bytes", "online_client_to_server_bytes",
        "online_server_to_client_bytes", "offline_bytes", "online_bytes", "total_bytes",
    ];

    private static List<string[]> Rows(string csv) => [.. csv.TrimEnd('\n').Split('\n').Select(SplitQuoted)];

    private static string[] SplitQuoted(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }

    [Fact]
    public void Columns_are_the_documented_names_in_the_documented_order()
    {
        Assert.Equal(Schema, ResultsCsv.Columns);
        Assert.Equal(string.Join(',', Schema), ResultsCsv.Format([]).TrimEnd('\n'));
    }

    [Fact]
    public void Every_value_column_is_a_field_of_the_same_name_in_the_json_record()
    {
        string json = JsonSerializer.Serialize(Samples.Point(), BenchJson.Options);
        var names = new HashSet<string>();
        void Collect(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object) return;
            foreach (var p in e.EnumerateObject()) { names.Add(p.Name); Collect(p.Value); }
        }
        Collect(JsonDocument.Parse(json).RootElement);
        Assert.Empty(ResultsCsv.Columns.Except(names));
    }

    [Fact]
    public void A_row_reads_back_to_the_measured_values()
    {
        var point = Samples.Point(accuracy: 0.9512345678901234);
        var rows = Rows(ResultsCsv.Format([point]));
        var row = Schema.Zip(rows[1]).ToDictionary(p => p.First, p => p.Second);
        var m = point.Measurement!;
        Assert.Equal("lenet5", row["model"]);
        Assert.Equal("300", row["budget"]);
        Assert.Equal(m.Protocol.Accuracy, double.Parse(row["accuracy"], CultureInfo.InvariantCulture));
        Assert.Equal(m.Protocol.ServerOfflineMs, double.Parse(row["server_offline_ms"], CultureInfo.InvariantCulture));
        Assert.Equal(m.Protocol.OnlineServerToClientBytes, long.Parse(row["online_server_to_client_bytes"], CultureInfo.InvariantCulture));
        Assert.Equal(m.Variant.MaxPoolComparisons, long.Parse(row["max_pool_comparisons"], CultureInfo.InvariantCulture));
        Assert.Equal(m.Protocol.TotalBytes, long.Parse(row["total_bytes"], CultureInfo.InvariantCulture));
        Assert.Equal("", row["failure"]);
    }

    [Fact]
    public void A_failed_point_has_its_quoted_reason_and_empty_measurements()
    {
        var failed = Samples.Failed();
        var row = Rows(ResultsCsv.Format([failed]))[1];
        Assert.Equal(Schema.Length, row.Length);
        Assert.Equal(failed.Failure, row[4]);
        Assert.All(row[6..], Assert.Empty);
    }
}
