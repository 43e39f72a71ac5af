using System.Text.Json;
using PiToolkit.ModelFormat;

namespace PiToolkit.Cli.Tests.Commands;

/// <summary>Runs <c>pitk pi run</c> in-process on a small MNIST-shaped model written as a .pim file.</summary>
[Collection("Console")]
public sealed class PiCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-pi-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteModel(GraphOp pooling) => TinyPimModel.Write(_folder, pooling);

    [Fact]
    public void Pi_run_classifies_mnist_images_privately_and_writes_the_report()
    {
        string json = Path.Combine(_folder, "report.json");
        var (code, output, error) = PitkRunner.Run("pi", "run", "--model", WriteModel(GraphOp.AvgPool), "--dataset", "mnist", "--images", "2",
            "--transport", "memory", "--json", json);

        Assert.True(code == 0, error);
        Assert.Contains("exact", output, StringComparison.Ordinal);      // every site kept: bit for bit
        Assert.DoesNotContain("MISMATCH", output, StringComparison.Ordinal);
        Assert.Contains("reference agreement 100.0%", output, StringComparison.Ordinal);
        Assert.Contains("linear4", output, StringComparison.Ordinal);    // the cost table names layers by op and node
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.Equal(2, root.GetProperty("images").GetInt32());
        Assert.Equal(1.0, root.GetProperty("reference_agreement").GetDouble());
        Assert.True(root.GetProperty("online_bytes").GetInt64() > 0);
        Assert.True(root.GetProperty("offline_ms").GetDouble() > root.GetProperty("online_ms").GetDouble());
        foreach (string field in (string[])["accuracy", "float_accuracy", "offline_bytes", "layers"])
            Assert.True(root.TryGetProperty(field, out _), field);
    }

    [Fact]
    public void Pi_run_with_he_encoding_coefficient_names_the_encoding_of_every_linear_layer()
    {
        string json = Path.Combine(_folder, "coefficient.json");
        var (code, output, error) = PitkRunner.Run("pi", "run", "--model", WriteModel(GraphOp.AvgPool), "--images", "1",
            "--transport", "memory", "--he-encoding", "coefficient", "--he-workers", "1", "--json", json);

        Assert.True(code == 0, error);
        Assert.Contains("reference agreement 100.0%", output, StringComparison.Ordinal);
        Assert.Contains("coefficient", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" slots ", output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var linear = report.RootElement.GetProperty("layers").EnumerateArray()
            .Where(l => l.GetProperty("kind").GetString() == "linear" && l.GetProperty("phase").GetString() == "offline").ToList();
        Assert.NotEmpty(linear);
        Assert.All(linear, l => Assert.Equal("coefficient", l.GetProperty("encoding").GetString()));
        Assert.All(linear, l => Assert.Equal(0, l.GetProperty("rotations").GetInt64()));
    }

    [Fact]
    public void Pi_run_with_calibrate_checks_headroom_on_training_images_and_still_matches_the_reference()
    {
        var (code, output, error) = PitkRunner.Run("pi", "run", "--model", WriteModel(GraphOp.AvgPool), "--images", "1",
            "--transport", "memory", "--he-encoding", "coefficient", "--calibrate", "20");

        Assert.True(code == 0, error);
        Assert.Contains("(calibrated on 20 inputs ×2^4)", output, StringComparison.Ordinal);
        Assert.Contains("reference agreement 100.0%", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pi_run_refuses_an_unknown_he_encoding()
    {
        var (code, _, error) = PitkRunner.Run("pi", "run", "--model", WriteModel(GraphOp.AvgPool), "--he-encoding", "rotations");

        Assert.NotEqual(0, code);
        Assert.Contains("rotations", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pi_run_refuses_max_pooling_with_one_line_naming_the_layer()
    {
        var (code, _, error) = PitkRunner.Run("pi", "run", "--model", WriteModel(GraphOp.MaxPool), "--images", "1", "--transport", "memory");

        Assert.Equal(1, code);
        Assert.StartsWith("pitk: error: maxpool2:", error, StringComparison.Ordinal);
        Assert.Contains("--pooling avg", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
