using PiToolkit.ModelFormat;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Cli.Tests;

/// <summary>Train → linearize → export → info through the command line, on the synthetic dataset.</summary>
public sealed class LinearizeAndExportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-cli-lin-").FullName;

    private string In(string name) => Path.Combine(_folder, name);

    private void Train() =>
        Assert.Equal(0, PitkRunner.Run("train", "--model", "lenet5", "--dataset", "synthetic", "--epochs", "1", "--train-limit", "1500", "--threads", "1", "--out", In("trained")).Code);

    [Fact]
    public void Linearize_then_export_writes_a_model_that_info_describes()
    {
        Train();
        var linearize = PitkRunner.Run("linearize", "--checkpoint", In("trained"), "--budget", "200", "--method", "random",
            "--epochs", "1", "--train-limit", "1500", "--threads", "1", "--out", In("b200"));
        Assert.True(linearize.Code == 0, linearize.Error);
        Assert.Contains("200 ReLUs (budget 200)", linearize.Out);
        Assert.Equal(200, Checkpoint.ReadManifest(In("b200")).Census.TotalRelus);

        var export = PitkRunner.Run("export", "--checkpoint", In("b200"), "--onnx", In("m.onnx"), "--model", In("m.pim"));
        Assert.True(export.Code == 0, export.Error);
        Assert.Equal(200, PimFile.Read(In("m.pim")).Relus);
        Assert.True(new FileInfo(In("m.onnx")).Length > 1000);

        var info = PitkRunner.Run("info", In("m.pim"));
        Assert.Equal(0, info.Code);
        Assert.Contains("total: 200 ReLUs", info.Out);
        var checkpointInfo = PitkRunner.Run("info", In("b200"));
        Assert.Contains("linearized:   random, pixel masks, budget 200 → 200 ReLUs (3,560 nonlinear operations)", checkpointInfo.Out);
    }

    [Fact]
    public void Sweep_tabulates_every_method_and_budget_including_the_fully_linear_control()
    {
        Train();
        var sweep = PitkRunner.Run("sweep", "--checkpoint", In("trained"), "--budgets", "300,100", "--methods", "random,layerwise",
            "--seeds", "1,2", "--epochs", "1", "--train-limit", "1000", "--threads", "1", "--out", In("sweep"));
        Assert.True(sweep.Code == 0, sweep.Error);
        var csv = File.ReadAllLines(In("sweep/results.csv"));
        // Per seed: control, 2 budgets × 2 methods, and the linear floor.
        Assert.Equal(1 + 2 * 6, csv.Length);
        Assert.All(csv.Skip(1), line => Assert.Equal(line.Split(',')[1], line.Split(',')[3])); // achieved == budget
        // Nonlinear operations = ReLUs kept + LeNet-5's 3,360 max-pool comparisons.
        Assert.All(csv.Skip(1), line => Assert.Equal(long.Parse(line.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture) + 3360,
            long.Parse(line.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(csv, line => line.StartsWith("criticality,300,2,", StringComparison.Ordinal));
        Assert.Contains(csv, line => line.StartsWith("linear,0,1,0,3360,", StringComparison.Ordinal));
        string md = File.ReadAllText(In("sweep/results.md"));
        Assert.Contains("| criticality-ordered layers | 300 | 300 | 3,660 |", md);
        Assert.Contains("| control (unlinearized) |", md);
        Assert.Matches(@"\| random \| 100 \| 100 \| 3,460 \| \d+\.\d\d ± \d+\.\d\d % \|", md);
    }

    [Fact]
    public void Sweep_runs_pruning_methods_next_to_linearization_methods()
    {
        Train();
        var sweep = PitkRunner.Run("sweep", "--checkpoint", In("trained"), "--budgets", "1000,0", "--methods", "random,prune-channel-taylor,prune-unstructured-magnitude",
            "--sparsities", "50%", "--seeds", "1", "--epochs", "1", "--train-limit", "600", "--threads", "1", "--out", In("sweep"));
        Assert.True(sweep.Code == 0, sweep.Error);
        var csv = File.ReadAllLines(In("sweep/results.csv"));
        // control, dense, random and channel Taylor at 1,000 ReLUs, both pruning methods at 50 %, linear.
        Assert.Equal(1 + 7, csv.Length);
        Assert.Contains(csv, line => line.StartsWith("prune-unstructured-magnitude,,1,4684,", StringComparison.Ordinal));
        Assert.Contains(csv, line => line.StartsWith("prune-channel-taylor,1000,1,", StringComparison.Ordinal));
        Assert.Contains("| prune-channel-taylor | 50 % sparsity |", sweep.Out);
        Assert.Contains("| dense (unpruned, retrained) |", sweep.Out);
    }

    [Theory]
    [InlineData(new[] { "linearize", "--checkpoint", "/no/such", "--budget", "10", "--out", "x" }, "not a checkpoint")]
    [InlineData(new[] { "linearize", "--checkpoint", "x", "--budget", "lots", "--out", "x" }, "budget 'lots'")]
    [InlineData(new[] { "export", "--checkpoint", "x" }, "nothing to write")]
    [InlineData(new[] { "sweep", "--checkpoint", "x", "--budgets", "10,abc", "--out", "x" }, "budget 'abc'")]
    [InlineData(new[] { "sweep", "--checkpoint", "x", "--seeds", "1,two", "--out", "x" }, "seed 'two'")]
    [InlineData(new[] { "sweep", "--checkpoint", "x", "--methods", "snl,magic", "--out", "x" }, "method 'magic'")]
    [InlineData(new[] { "sweep", "--checkpoint", "x", "--methods", "prune-magic", "--sparsities", "50%", "--out", "x" }, "method 'prune-magic'")]
    [InlineData(new[] { "sweep", "--checkpoint", "x", "--methods", "prune-unstructured-magnitude", "--out", "x" }, "give --sparsities")]
    [InlineData(new[] { "sweep", "--checkpoint", "x", "--methods", "snl", "--sparsities", "50%", "--out", "x" }, "--sparsities needs a pruning method")]
    public void Mistakes_are_one_line_errors(string[] args, string expected)
    {
        var (code, _, error) = PitkRunner.Run(args);
        Assert.Equal(1, code);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_corrupt_model_file_is_reported_not_thrown()
    {
        File.WriteAllText(In("bad.pim"), "PITKMODL but not really a model file at all, just text long enough");
        var (code, _, error) = PitkRunner.Run("info", In("bad.pim"));
        Assert.Equal(1, code);
        Assert.Contains("bad.pim", error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
