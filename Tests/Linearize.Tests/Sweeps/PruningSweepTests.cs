using PiToolkit.Linearize.Pruning;
using PiToolkit.Linearize.Sweeps;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Linearize.Tests.Sweeps;

public sealed class PruningSweepTests(TrainedModelFixture trained) : IClassFixture<TrainedModelFixture>
{
    private static readonly LinearizationSpec Template = new("unused", "unused", new ReluBudget(1, null), Threads: 3, TrainLimit: 700);

    private static PruningSpec Spec(string method, int epochs, int sourceEpochs = 8, int rounds = 2) =>
        PruningSweepMethod.Parse(method).Spec("in", "out", new PruningTarget(PruningTargetKind.Sparsity, 0.5), epochs, sourceEpochs, rounds, seed: 4, Template);

    [Fact]
    public void Every_pruning_method_gets_the_sweeps_epochs()
    {
        Assert.Equal(5, Spec("prune-channel-taylor", 5).FinetuneEpochs);
        Assert.Equal(5, Spec("prune-unstructured-snip", 5).FinetuneEpochs); // plus the source's E, from initialization
        var slimming = Spec("prune-channel-slimming", 5);
        Assert.Equal((2, 3), (slimming.SlimmingEpochs, slimming.FinetuneEpochs));
        // IMP: R rounds of T/R epochs, rewinding to E − T/R.
        var imp = Spec("prune-imp-weight-rewind", 4);
        Assert.Equal((2, 6, false), (imp.Rounds, imp.RewindEpoch, imp.LearningRateRewind));
        Assert.True(Spec("prune-imp-lr-rewind", 4).LearningRateRewind);
        var spec = Spec("prune-channel-magnitude", 3);
        Assert.Equal((PruningScope.Layer, 4, 3, 700), (spec.Scope, spec.Seed, spec.Threads, spec.TrainLimit));
        Assert.True(PruningSweepMethod.Parse("prune-imp-weight-rewind").FromScratch);
        Assert.False(PruningSweepMethod.Parse("prune-imp-lr-rewind").FromScratch);
    }

    [Theory]
    [InlineData("prune-imp-lr-rewind", 3, 8, 2, "must split into R = 2 equal rounds")]
    [InlineData("prune-imp-lr-rewind", 4, 1, 2, "of at most 1 epochs")]
    [InlineData("prune-channel-slimming", 1, 8, 2, "it needs at least 2")]
    public void Epochs_a_method_cannot_split_are_refused(string method, int epochs, int sourceEpochs, int rounds, string expected) =>
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => Spec(method, epochs, sourceEpochs, rounds)).Message);

    [Fact]
    public void Pruning_names_follow_the_benchmark_and_unknown_ones_are_listed()
    {
        Assert.Equal(PruningCriterion.Taylor, PruningSweepMethod.Parse("prune-channel-taylor").Criterion);
        Assert.True(PruningSweepMethod.IsPruning(" Prune-snip"));
        Assert.False(PruningSweepMethod.IsPruning("snl"));
        Assert.Contains("prune-imp-lr-rewind", Assert.Throws<ArgumentException>(() => PruningSweepMethod.Parse("prune-magic")).Message);
    }

    [Fact]
    public void A_sweep_runs_pruning_next_to_linearization_with_equal_epochs_and_resumes()
    {
        string output = Path.Combine(trained.Folder, "sweep-pruning");
        var template = new LinearizationSpec(trained.Checkpoint, output, ReluBudget.Parse("1"), LinearizationMethod.Random,
            Finetune: new FinetuneOptions(Epochs: 2), Seed: 2, Threads: 1, TrainLimit: 600);
        var pruning = new PruningSweepOptions(
            new[] { "prune-channel-taylor", "prune-channel-slimming", "prune-unstructured-snip", "prune-imp-lr-rewind" }.Select(PruningSweepMethod.Parse).ToList(), [0.5]);
        var results = LinearizationSweep.Run(template, output, [ReluBudget.Parse("1000")], [LinearizationMethod.Random], pruning: pruning);

        // control, dense, random and channel methods at 1,000 ReLUs, every pruning method at 50 %, linear.
        Assert.Equal(["control", "dense", "random", "prune-channel-taylor", "prune-channel-slimming", "prune-channel-taylor", "prune-channel-slimming",
            "prune-unstructured-snip", "prune-imp-lr-rewind", "linear"], results.Select(r => r.Method));
        // LeNet-5 has no batch norm: slimming fails before training, and the sweep goes on.
        Assert.All(results.Where(r => r.Method == "prune-channel-slimming"), r => Assert.Contains("needs batch norm", r.Failure));
        var ok = results.Where(r => r.Failure is null).ToList();
        Assert.Equal(8, ok.Count);
        Assert.All(ok, r => Assert.Equal(2, r.MaskEpochs + r.FinetuneEpochs));
        // SNIP first trains its fresh initialization for the source's one epoch.
        Assert.Equal(1, ok.Single(r => r.Method == "prune-unstructured-snip").ScratchEpochs);
        Assert.All(ok.Where(r => r.Method != "prune-unstructured-snip"), r => Assert.Equal(0, r.ScratchEpochs));

        var budgeted = ok.Single(r => r.Method == "prune-channel-taylor" && r.Sparsity is null);
        Assert.InRange(budgeted.Achieved, 1, 1000);
        Assert.Equal(budgeted.Achieved, Checkpoint.ReadManifest(budgeted.Checkpoint).Census.TotalRelus);
        var dense = ok.Single(r => r.Method == "dense");
        Assert.Equal(4684, dense.Achieved);
        var imp = Checkpoint.ReadManifest(ok.Single(r => r.Method == "prune-imp-lr-rewind").Checkpoint).Pruning!;
        Assert.Equal((2.0, 0.0, 2), (imp.Hyperparameters["rounds"], imp.Hyperparameters["rewindEpoch"], imp.TrainingEpochs));
        var snip = ok.Single(r => r.Method == "prune-unstructured-snip");
        Assert.True(snip.Parameters < dense.Parameters && snip.Macs < dense.Macs);

        string md = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.Contains("| dense (unpruned, retrained) | 0 % sparsity | 4,684 |", md);
        Assert.Contains("| prune-unstructured-snip | 50 % sparsity | 4,684 |", md);
        Assert.Contains("| 1/1 | 1 from init + 2 |", md);
        Assert.Contains("| 0/1 (1 failed: ", md);
        Assert.Contains("- 50 % sparsity, prune-imp-lr-rewind − dense (unpruned, retrained): ", md);
        Assert.Contains("- 1,000 ReLUs, prune-channel-taylor − dense (unpruned, retrained): ", md);
        var csv = File.ReadAllLines(Path.Combine(output, "results.csv"));
        Assert.Equal(11, csv.Length);
        Assert.StartsWith("prune-imp-lr-rewind,,2,4684,", csv.Single(l => l.StartsWith("prune-imp-lr-rewind", StringComparison.Ordinal)));

        var log = new List<string>();
        var again = LinearizationSweep.Run(template, output, [ReluBudget.Parse("1000")], [LinearizationMethod.Random], log: log.Add, pruning: pruning);
        Assert.Equal(8, log.Count(l => l.Contains(": already done, reusing ", StringComparison.Ordinal)));
        Assert.Equal(results.Select(r => r.TestAccuracy), again.Select(r => r.TestAccuracy));
    }
}
