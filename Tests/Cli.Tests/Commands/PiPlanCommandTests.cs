using PiToolkit.Bench.Pipeline;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.Cli.Tests.Commands;

/// <summary><c>pitk pi plan</c> counts what <c>pitk pi run</c> then reports, without running the protocol.</summary>
[Collection("Console")]
public sealed class PiPlanCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-pi-plan-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("coefficient")]
    [InlineData("slots")]
    public void Plan_counts_equal_the_counts_of_a_protocol_run_of_the_same_model(string encoding)
    {
        // Every third ReLU kept: the plan must count kept sites only, and the identities' reshare step as a layer.
        string model = TinyPimModel.Write(_folder, GraphOp.AvgPool, [.. Enumerable.Range(0, 288).Select(i => i % 3 == 0)]);
        string json = Path.Combine(_folder, $"run-{encoding}.json");
        var (code, _, error) = PitkRunner.Run("pi", "run", "--model", model, "--images", "1", "--transport", "memory",
            "--he-encoding", encoding, "--he-workers", "1", "--json", json);
        Assert.True(code == 0, error);
        var report = SecureInferenceReport.Parse(File.ReadAllText(json));

        (code, string row, error) = PitkRunner.Run("pi", "plan", "--model", model, "--he-encoding", encoding, "--predict-row", "tiny");

        Assert.True(code == 0, error);
        var measured = CostFeatures.Of(report.Relus, LoopbackProtocolMeasurer.ToMeasurement(report));
        Assert.Equal(UnmeasuredConfigurationsCsv.FormatRow("tiny", measured), row.Trim());
        Assert.Equal(96, measured.Relus);
        var plan = PlanCompiler.Plan(PimFile.Read(model));
        var counted = PlanOperations.Count(plan, new ProtocolOptions { Encoding = Enum.Parse<HomomorphicEncoding>(encoding, ignoreCase: true) });
        foreach (var step in counted)
        {
            var rows = report.Layers.Where(l => l.Step == step.Step && l.Phase is "offline" or "online").ToList();
            Assert.Equal((step.MultiplyPlain, step.Rotations, step.AndGates, step.ObliviousTransfers),
                (rows.Sum(l => l.MultiplyPlain), rows.Sum(l => l.Rotations), rows.Sum(l => l.AndGates), rows.Sum(l => l.ObliviousTransfers)));
        }
    }

    [Fact]
    public void Plan_prints_a_row_per_step_and_the_totals()
    {
        var (code, output, error) = PitkRunner.Run("pi", "plan", "--model", TinyPimModel.Write(_folder, GraphOp.AvgPool));

        Assert.True(code == 0, error);
        Assert.Contains("relu1", output, StringComparison.Ordinal);
        Assert.Contains("linear4", output, StringComparison.Ordinal);
        Assert.Contains("per inference: 288 ReLUs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_is_one_line()
    {
        string missing = Path.Combine(_folder, "missing.pim");
        var (code, _, error) = PitkRunner.Run("pi", "plan", "--model", missing);

        Assert.Equal(1, code);
        Assert.Equal($"pitk: error: no such model file: {missing}", error.Trim());
    }
}
