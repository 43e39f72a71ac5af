using PiToolkit.Linearize.Export;
using PiToolkit.Linearize.Pruning;
using PiToolkit.Models.Checkpoints;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Pruning;

public sealed class PruningJobTests(TrainedModelFixture trained) : IClassFixture<TrainedModelFixture>
{
    private CheckpointManifest Prune(string name, PruningTarget target, PruningStructure structure, PruningCriterion criterion,
        PruningSchedule schedule = PruningSchedule.OneShot, int finetune = 1, int? rewind = null, bool lrRewind = false, int rounds = 2) =>
        PruningJob.Run(new PruningSpec(trained.Checkpoint, Path.Combine(trained.Folder, name), target, structure, criterion,
            Schedule: schedule, FinetuneEpochs: finetune, Rounds: rounds, RewindEpoch: rewind, LearningRateRewind: lrRewind, ScoreBatches: 2, Seed: 3, Threads: 1, TrainLimit: 800));

    private static PruningTarget Sparsity(double value) => new(PruningTargetKind.Sparsity, value);

    [Fact]
    public void Channel_pruning_saves_a_smaller_model_that_reloads_exports_and_linearizes()
    {
        var source = Checkpoint.ReadManifest(trained.Checkpoint);
        var manifest = Prune("taylor-channel", Sparsity(0.5), PruningStructure.Channel, PruningCriterion.Taylor);
        var record = manifest.Pruning!;
        Assert.Equal("taylor", record.Criterion);
        Assert.Equal(0.5, record.AchievedSparsity, 2);
        Assert.Equal(source.Census.Parameters, record.CostBefore.Parameters);
        Assert.Equal(manifest.Census.Parameters, record.CostAfter.Parameters);
        Assert.Equal(manifest.Census.TotalRelus, record.CostAfter.Relus);
        Assert.True(manifest.Census.Parameters < source.Census.Parameters);
        Assert.Equal(source.Accuracy, record.Before);
        Assert.NotNull(record.After.Test);
        Assert.Contains(record.Layers, l => l.Kept < l.Units);
        Assert.Equal(1, record.TrainingEpochs);

        string folder = Path.Combine(trained.Folder, "taylor-channel");
        var (model, _) = Checkpoint.Load(folder);
        model.Dispose();
        var graph = ModelExporter.Export(folder, null, Path.Combine(trained.Folder, "taylor-channel.pim"));
        Assert.Equal(manifest.Census.Parameters, graph.Parameters);

        var linearized = LinearizationJob.Run(new LinearizationSpec(folder, Path.Combine(trained.Folder, "taylor-channel-linearized"), ReluBudget.Parse("100"),
            LinearizationMethod.Random, Finetune: new FinetuneOptions(Epochs: 1), Threads: 1, TrainLimit: 500));
        Assert.Equal(100, linearized.Census.TotalRelus);
        // The pruning record travels with the linearized checkpoint.
        Assert.Equal(record.CostAfter, linearized.Pruning!.CostAfter);
        Assert.Equal(record.Criterion, linearized.Pruning.Criterion);
        Assert.Equal(manifest.Model.Channels!.OrderBy(c => c.Key), linearized.Model.Channels!.OrderBy(c => c.Key));
    }

    [Fact]
    public void Gradual_unstructured_pruning_ends_at_the_target_with_zeros_in_place()
    {
        var manifest = Prune("gradual", Sparsity(0.8), PruningStructure.Unstructured, PruningCriterion.Magnitude, PruningSchedule.Gradual, finetune: 3);
        Assert.Equal(0.8, manifest.Pruning!.AchievedSparsity, 3);
        Assert.Equal(3, manifest.Pruning.History.Count);
        // Unstructured pruning keeps the dense shapes: the census is unchanged, the zeros are in the weights.
        Assert.Equal(manifest.Pruning.CostBefore.Parameters, manifest.Census.Parameters);
        var (model, _) = Checkpoint.Load(Path.Combine(trained.Folder, "gradual"));
        using (model)
        {
            long weights = 0, zeros = 0;
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith(".weight", StringComparison.Ordinal)))
            {
                weights += p.numel();
                zeros += p.eq(0).sum().item<long>();
            }
            Assert.True(zeros >= 0.8 * weights - 1, $"{zeros} zeros of {weights} weights");
        }
    }

    [Theory]
    [InlineData(false, 1 + 2 * 1)]
    [InlineData(true, 2 * 1)]
    public void IMP_spends_the_epochs_its_rewinding_implies(bool lrRewind, int epochs)
    {
        var manifest = Prune($"imp-{lrRewind}", Sparsity(0.6), PruningStructure.Unstructured, PruningCriterion.Magnitude, PruningSchedule.Imp, rewind: 0, lrRewind: lrRewind);
        Assert.Equal(epochs, manifest.Pruning!.TrainingEpochs);
        Assert.Equal(0.6, manifest.Pruning.AchievedSparsity, 3);
        Assert.Equal(lrRewind ? 1 : 0, manifest.Pruning.Hyperparameters["learningRateRewind"]);
    }

    [Fact]
    public void SNIP_trains_from_scratch_for_the_training_plus_finetuning_epochs()
    {
        var manifest = Prune("snip", Sparsity(0.7), PruningStructure.Unstructured, PruningCriterion.Snip);
        Assert.Equal(1 + 1, manifest.Pruning!.TrainingEpochs);
        Assert.Equal(0.7, manifest.Pruning.AchievedSparsity, 3);
    }

    [Fact]
    public void An_iterative_ReLU_budget_is_met_by_removing_channels()
    {
        var manifest = Prune("relus", new PruningTarget(PruningTargetKind.Relus, 2500), PruningStructure.Channel, PruningCriterion.Magnitude, PruningSchedule.Iterative, finetune: 2);
        Assert.InRange(manifest.Census.TotalRelus, 2000, 2500);
        Assert.Equal(2, manifest.Pruning!.History.Count);
    }

    [Fact]
    public void SNIP_with_an_iterative_schedule_is_refused_before_any_work()
    {
        var e = Assert.Throws<ArgumentException>(() => Prune("bad", Sparsity(0.5), PruningStructure.Unstructured, PruningCriterion.Snip, PruningSchedule.Iterative));
        Assert.Contains("oneshot", e.Message);
        Assert.False(Directory.Exists(Path.Combine(trained.Folder, "bad")));
    }
}
