using System.Text.Json;
using PiToolkit.Bench.Sweeps.Reporting;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests.Reporting;

public class ResultsJsonTests
{
    private static IEnumerable<string> Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name);

    [Fact]
    public void Top_level_machine_and_point_fields_have_the_documented_names()
    {
        using var json = JsonDocument.Parse(ResultsJson.Format(ReportSamples.Report()));
        var root = json.RootElement;
        Assert.Equal(["schema_version", "generated_utc", "machine", "settings", "points", "configurations", "cost_model"], Names(root));
        Assert.Equal(["cpu_model", "cores", "os", "dotnet", "toolkit_version"], Names(root.GetProperty("machine")));
        Assert.Equal(["model", "checkpoint", "methods", "budgets", "seeds", "images", "workers", "epochs", "train_limit"], Names(root.GetProperty("settings")));

        var point = root.GetProperty("points")[0];
        Assert.Equal(["key", "measurement", "failure", "seconds", "finished_utc", "same_model_as", "succeeded"], Names(point));
        Assert.Equal(["model", "method", "budget", "seed", "id"], Names(point.GetProperty("key")));
        Assert.Equal(["variant", "protocol"], Names(point.GetProperty("measurement")));
        Assert.Equal(["pim_path", "float_test_accuracy", "relus", "max_pool_comparisons", "parameters", "macs"], Names(point.GetProperty("measurement").GetProperty("variant")));
        Assert.Equal([
            "images", "accuracy", "float_accuracy", "layers", "he_multiply_plain", "he_rotations", "and_gates", "oblivious_transfers",
            "client_offline_ms", "server_offline_ms", "offline_ms", "client_online_ms", "server_online_ms", "online_ms",
            "offline_client_to_server_bytes", "offline_server_to_client_bytes", "online_client_to_server_bytes", "online_server_to_client_bytes",
            "offline_bytes", "online_bytes", "total_bytes"], Names(point.GetProperty("measurement").GetProperty("protocol")));

        var cost = root.GetProperty("cost_model");
        Assert.Equal(["train_configurations", "test_configurations", "fits", "predictions", "not_fitted"], Names(cost));
        Assert.Equal(["model", "train_points", "test_points", "mean_relative_error", "max_relative_error"], Names(cost.GetProperty("fits")[0]));
        Assert.True(cost.GetProperty("predictions")[0].GetProperty("predicted").GetBoolean());
    }

    [Fact]
    public void A_report_round_trips()
    {
        var report = ReportSamples.Report();
        var back = ResultsJson.Parse(ResultsJson.Format(report));
        Assert.Equal(report.Machine, back.Machine);
        Assert.Equal(report.Settings!.Budgets, back.Settings!.Budgets);
        Assert.Equal(report.Points.Count, back.Points.Count);
        for (int i = 0; i < report.Points.Count; i++)
        {
            Assert.Equal(report.Points[i].Key, back.Points[i].Key);
            Assert.Equal(report.Points[i].Failure, back.Points[i].Failure);
            Assert.Equal(report.Points[i].Measurement?.Protocol, back.Points[i].Measurement?.Protocol);
        }
        Assert.Equal(report.Configurations.Select(c => c.Accuracy), back.Configurations.Select(c => c.Accuracy));
        Assert.Equal(report.CostModel.TestConfigurations, back.CostModel.TestConfigurations);
        Assert.Equal(report.CostModel.Fits.Select(f => f.Model.Coefficients["relus"]), back.CostModel.Fits.Select(f => f.Model.Coefficients["relus"]));
        Assert.Equal(report.CostModel.Predictions.Single().OnlineMs, back.CostModel.Predictions.Single().OnlineMs);
        Assert.Equal(report.CostModel.Predictions.Single().Published, back.CostModel.Predictions.Single().Published);
    }

    [Fact]
    public void Another_schema_version_is_refused()
    {
        string json = ResultsJson.Format(ReportSamples.Report()).Replace("\"schema_version\": 1", "\"schema_version\": 2", StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => ResultsJson.Parse(json));
        Assert.Contains("schema 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_is_refused_as_invalid_data() => Assert.Throws<InvalidDataException>(() => ResultsJson.Parse("{\"schema_version\": "));

    [Fact]
    public void Point_records_use_the_same_options_as_the_report()
    {
        string record = JsonSerializer.Serialize(Samples.Point(), BenchJson.Options);
        Assert.Contains("\"he_multiply_plain\": 1234", record, StringComparison.Ordinal);
        Assert.Contains("\"budget\": 300", record, StringComparison.Ordinal);
    }
}
