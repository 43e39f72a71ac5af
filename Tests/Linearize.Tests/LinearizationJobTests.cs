using PiToolkit.Linearize.Export;
using PiToolkit.Linearize.Masks;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Census;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;
using PiToolkit.ModelFormat;

namespace PiToolkit.Linearize.Tests;

/// <summary>End-to-end runs on a small LeNet-5 trained on the synthetic dataset, shared by the tests.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("pitk-linearize-").FullName;
    public string Checkpoint => Path.Combine(Folder, "trained");

    public TrainedModelFixture() =>
        TrainingJob.Run(new TrainingJobSpec("lenet5", "synthetic", Checkpoint, new TrainingOptions(Epochs: 1, Seed: 1, Threads: 1), TrainLimit: 2000));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

public sealed class LinearizationJobTests(TrainedModelFixture trained) : IClassFixture<TrainedModelFixture>
{
    private CheckpointManifest Linearize(LinearizationMethod method, string budget, MaskGranularity granularity = MaskGranularity.Pixel) =>
        LinearizationJob.Run(new LinearizationSpec(trained.Checkpoint, Path.Combine(trained.Folder, $"{method}-{granularity}-{budget}"), ReluBudget.Parse(budget),
            method, granularity, new SnlOptions(MaxEpochs: 3, PaceEpochs: 3), new FinetuneOptions(Epochs: 4), Seed: 2, Threads: 1, TrainLimit: 1500));

    [Theory]
    [InlineData(LinearizationMethod.Snl)]
    [InlineData(LinearizationMethod.Random)]
    [InlineData(LinearizationMethod.Criticality)]
    public void Every_method_lands_exactly_on_the_budget(LinearizationMethod method)
    {
        var manifest = Linearize(method, "150");
        Assert.Equal(150, manifest.Census.TotalRelus);
        Assert.Equal(150, manifest.Linearization!.AchievedRelus);
        Assert.Equal(150, manifest.Linearization.Budget);
        Assert.Equal(LinearizationMethodNames.Id(method), manifest.Linearization.Method);
        // Equal training: every method trains the weights for 4 epochs in all.
        Assert.Equal(4, manifest.Linearization.MaskEpochs + manifest.Linearization.FinetuneEpochs);
        Assert.Equal(method == LinearizationMethod.Snl ? manifest.Linearization.MaskHistory.Count : 0, manifest.Linearization.MaskEpochs);
        Assert.Equal(manifest.Linearization.FinetuneEpochs, manifest.Linearization.Finetuning.Count);
        Assert.NotNull(manifest.Linearization.After.Test);
        Assert.Equal(Checkpoint.ReadManifest(trained.Checkpoint).Accuracy.Test, manifest.Linearization.Before.Test);
    }

    [Theory]
    [InlineData(LinearizationMethod.Snl)]
    [InlineData(LinearizationMethod.Criticality)]
    public void Budget_zero_is_the_fully_linear_model_and_exports_without_a_ReLU(LinearizationMethod method)
    {
        var manifest = Linearize(method, "0");
        Assert.Equal(0, manifest.Census.TotalRelus);
        Assert.Equal(0, manifest.Linearization!.AchievedRelus);
        Assert.Empty(manifest.Linearization.MaskHistory);

        string folder = Path.Combine(trained.Folder, $"{method}-Pixel-0");
        string onnx = Path.Combine(trained.Folder, $"{method}-0.onnx"), pim = Path.Combine(trained.Folder, $"{method}-0.pim");
        var graph = ModelExporter.Export(folder, onnx, pim);
        Assert.Equal(0, graph.Relus);
        Assert.DoesNotContain(graph.Nodes, n => n.Op is GraphOp.Relu or GraphOp.MaskedRelu);
        Assert.Equal(graph.Nodes.Count, PimFile.Read(pim).Nodes.Count);
        Assert.True(new FileInfo(onnx).Length > 1000);

        var (model, _) = Checkpoint.Load(folder);
        using (model)
        {
            model.eval();
            using var input = TorchSharp.torch.randn([1, .. model.Options.InputShape]);
            using var output = model.forward(input);
            float[] expected = output[0].data<float>().ToArray(), actual = GraphInterpreter.Evaluate(graph, input[0].data<float>().ToArray());
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 3);
        }
    }

    [Fact]
    public void SNL_records_its_lambda_and_alive_history_and_the_checkpoint_reloads_with_its_masks()
    {
        var manifest = Linearize(LinearizationMethod.Snl, "5%");
        var history = manifest.Linearization!.MaskHistory;
        long capacity = manifest.Census.TotalCapacity;
        Assert.Equal(3, history.Count);
        Assert.Equal(1e-5, history[0].Lambda);
        // The recorded change after each epoch is the one the next epoch's λ shows.
        for (int e = 1; e < history.Count; e++)
            Assert.Equal(history[e - 1].LambdaChange switch { "pace" => 2.0, "growth" => 1.1, _ => 1.0 } * history[e - 1].Lambda, history[e].Lambda, 12);
        Assert.Equal("stop", history[^1].LambdaChange);
        Assert.All(history, h => Assert.InRange(h.Alive, 0, capacity));
        var settings = manifest.Linearization.Hyperparameters;
        Assert.Equal(3, settings["paceEpochs"]);
        Assert.Equal(2, settings["paceBoost"]);
        Assert.Equal(5, settings["lambdaGrowthFromEpoch"]);
        Assert.Equal(1500, settings["trainLimit"]);
        Assert.Equal(manifest.Census.TotalNonlinear, manifest.Linearization.NonlinearOperations);
        Assert.Equal(manifest.Linearization.AchievedRelus + 3360, manifest.Linearization.NonlinearOperations); // LeNet-5 with max pooling
        Assert.True(manifest.Linearization.MaskCapHit == history[^1].Alive > manifest.Linearization.Budget);

        string folder = Path.Combine(trained.Folder, "Snl-Pixel-5%");
        var (model, loaded) = Checkpoint.Load(folder);
        using (model)
        {
            var census = ReluCensus.Take(model);
            Assert.Equal(loaded.Census.TotalRelus, census.TotalRelus);
            Assert.Equal(manifest.Census.Sites.Select(s => s.Relus), census.Sites.Select(s => s.Relus));
        }
    }

    [Fact]
    public void Channel_masks_never_exceed_the_budget_and_keep_whole_feature_maps()
    {
        var manifest = Linearize(LinearizationMethod.Random, "300", MaskGranularity.Channel);
        Assert.True(manifest.Census.TotalRelus <= 300);
        // The FC sites (unit cost) are there to fill the remainder, so the budget is met here.
        Assert.Equal(300, manifest.Census.TotalRelus);
        var conv = manifest.Census.Sites.First();
        Assert.Equal(0, conv.Relus % (conv.Shape[1] * conv.Shape[2]));
    }

    [Fact]
    public void An_interrupted_SNL_run_resumes_after_its_last_saved_epoch()
    {
        string output = Path.Combine(trained.Folder, "resumed");
        var spec = new LinearizationSpec(trained.Checkpoint, output, ReluBudget.Parse("20"), LinearizationMethod.Snl, MaskGranularity.Pixel,
            new SnlOptions(MaxEpochs: 3, PaceEpochs: 3), new FinetuneOptions(Epochs: 4), Seed: 2, Threads: 1, TrainLimit: 1500);
        using var cancel = new CancellationTokenSource();
        var first = new List<string>();
        Assert.ThrowsAny<OperationCanceledException>(() => LinearizationJob.Run(spec, line =>
        {
            first.Add(line);
            if (line.StartsWith("mask epoch 2", StringComparison.Ordinal)) cancel.Cancel();
        }, cancellation: cancel.Token));
        Assert.False(File.Exists(Path.Combine(output, Checkpoint.ManifestFile)));
        Assert.True(File.Exists(Path.Combine(output, "snl-state", "state.json")));

        var second = new List<string>();
        var manifest = LinearizationJob.Run(spec, second.Add);
        Assert.Contains(second, l => l.StartsWith("resuming the mask phase", StringComparison.Ordinal));
        Assert.Equal(["mask epoch 3"], second.Where(l => l.StartsWith("mask epoch", StringComparison.Ordinal)).Select(l => l[..12]));
        var history = manifest.Linearization!.MaskHistory;
        Assert.Equal([1, 2, 3], history.Select(h => h.Epoch));
        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mask epoch 2: λ {history[1].Lambda:G3}, {history[1].Alive:N0} ReLUs alive"),
            first.Single(l => l.StartsWith("mask epoch 2", StringComparison.Ordinal)));
        Assert.Equal(20, manifest.Census.TotalRelus);
        Assert.False(Directory.Exists(Path.Combine(output, "snl-state")));
    }

    [Fact]
    public void A_sweep_records_a_diverged_run_and_goes_on_with_the_rest()
    {
        string output = Path.Combine(trained.Folder, "sweep-diverging");
        var template = new LinearizationSpec(trained.Checkpoint, output, ReluBudget.Parse("1"), LinearizationMethod.Random, MaskGranularity.Pixel,
            Finetune: new FinetuneOptions(Epochs: 1, LearningRate: 1e12), Seed: 2, Threads: 1, TrainLimit: 600);
        var results = PiToolkit.Linearize.Sweeps.LinearizationSweep.Run(template, output, [ReluBudget.Parse("100"), ReluBudget.Parse("50")], [LinearizationMethod.Random],
            referenceRows: false);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.StartsWith("diverged", r.Failure));
        Assert.Contains("diverged", File.ReadAllText(Path.Combine(output, "results.md")));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "results.csv")).Length);
    }

    [Fact]
    public void Channel_SNL_runs_end_to_end_prices_channels_by_their_ReLUs_and_reports_what_it_achieved()
    {
        var log = new List<string>();
        var manifest = LinearizationJob.Run(new LinearizationSpec(trained.Checkpoint, Path.Combine(trained.Folder, "snl-channel"), ReluBudget.Parse("1000"),
            LinearizationMethod.Snl, MaskGranularity.Channel, new SnlOptions(MaxEpochs: 2, PaceEpochs: 2), new FinetuneOptions(Epochs: 3), Seed: 2, Threads: 1,
            TrainLimit: 1000), log.Add);
        var record = manifest.Linearization!;
        Assert.Equal("channel", record.Granularity);
        Assert.Equal(1, record.Hyperparameters["costWeightedPenalty"]);
        Assert.InRange(record.AchievedRelus, 1, 1000);
        Assert.Equal(record.AchievedRelus, manifest.Census.TotalRelus);
        foreach (var site in manifest.Census.Sites.Where(s => s.Shape.Length == 3))
            Assert.Equal(0, site.Relus % (site.Shape[1] * site.Shape[2]));
        Assert.Equal(record.AchievedRelus != 1000, log.Any(l => l.StartsWith("warning: channel masks cannot hit the budget exactly", StringComparison.Ordinal)));
        var (model, _) = Checkpoint.Load(Path.Combine(trained.Folder, "snl-channel"));
        using (model) Assert.Equal(record.AchievedRelus, ReluCensus.Take(model).TotalRelus);
    }

    [Fact]
    public void Max_pooling_and_a_capped_mask_phase_are_warned_about()
    {
        var log = new List<string>();
        var manifest = LinearizationJob.Run(new LinearizationSpec(trained.Checkpoint, Path.Combine(trained.Folder, "warned"), ReluBudget.Parse("10"),
            LinearizationMethod.Snl, MaskGranularity.Pixel, new SnlOptions(MaxEpochs: 1), new FinetuneOptions(Epochs: 2), Seed: 2, Threads: 1, TrainLimit: 600), log.Add);
        Assert.Contains(log, l => l.StartsWith("warning: lenet5 uses max pooling: 3,360 secure comparisons", StringComparison.Ordinal) && l.Contains("--pooling avg", StringComparison.Ordinal));
        // One reference-rule epoch from λ = 1e-5 cannot bring 4,684 ReLUs down to 10.
        Assert.True(manifest.Linearization!.MaskCapHit);
        Assert.Contains(log, l => l.StartsWith("warning: the mask phase hit its cap of 1 epochs", StringComparison.Ordinal));
        Assert.Equal(1, manifest.Linearization.FinetuneEpochs);
    }

    [Fact]
    public void A_mask_cap_that_leaves_no_finetuning_epoch_is_refused()
    {
        var spec = new LinearizationSpec(trained.Checkpoint, Path.Combine(trained.Folder, "no-room"), ReluBudget.Parse("10"),
            LinearizationMethod.Snl, MaskGranularity.Pixel, new SnlOptions(MaxEpochs: 5), new FinetuneOptions(Epochs: 5));
        Assert.Contains("must be below the total weight-training epochs", Assert.Throws<ArgumentException>(() => LinearizationJob.Run(spec)).Message);
    }

    [Fact]
    public void Resuming_with_other_settings_is_refused_with_a_clear_error()
    {
        string output = Path.Combine(trained.Folder, "resume-other");
        var spec = new LinearizationSpec(trained.Checkpoint, output, ReluBudget.Parse("20"), LinearizationMethod.Snl, MaskGranularity.Pixel,
            new SnlOptions(MaxEpochs: 3, PaceEpochs: 3), new FinetuneOptions(Epochs: 4), Seed: 2, Threads: 1, TrainLimit: 600);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => LinearizationJob.Run(spec, line =>
        {
            if (line.StartsWith("mask epoch 1", StringComparison.Ordinal)) cancel.Cancel();
        }, cancellation: cancel.Token));
        var error = Assert.Throws<ArgumentException>(() => LinearizationJob.Run(spec with { Snl = spec.Snl! with { PaceEpochs = 0 } }));
        Assert.Contains("paceEpochs 3 there, 0 now", error.Message);
    }

    [Fact]
    public void The_unlinearized_control_starts_from_the_source_accuracy_because_inputs_keep_the_source_normalisation()
    {
        // A --train-limit subset has other statistics than the source's training set; were they
        // re-measured, the untouched model would be fed shifted inputs.
        var source = Checkpoint.ReadManifest(trained.Checkpoint);
        var manifest = LinearizationJob.Run(new LinearizationSpec(trained.Checkpoint, Path.Combine(trained.Folder, "control"), ReluBudget.Parse("100%"),
            LinearizationMethod.Random, MaskGranularity.Pixel, Finetune: new FinetuneOptions(Epochs: 1), Seed: 2, Threads: 1, TrainLimit: 300));
        Assert.Equal(source.Accuracy.Validation, manifest.Linearization!.CutValidationAccuracy);
        Assert.Equal(source.Normalization.Mean, manifest.Normalization.Mean);
        Assert.Equal(source.Census.TotalCapacity, manifest.Census.TotalRelus);
    }

    [Fact]
    public void Linearizing_a_linearized_checkpoint_is_refused()
    {
        Linearize(LinearizationMethod.Random, "100");
        var again = new LinearizationSpec(Path.Combine(trained.Folder, "Random-Pixel-100"), Path.Combine(trained.Folder, "twice"), ReluBudget.Parse("50"));
        Assert.Contains("already linearized", Assert.Throws<CheckpointFormatException>(() => LinearizationJob.Run(again)).Message);
    }
}
