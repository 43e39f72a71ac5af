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
            method, granularity, new SnlOptions(MaxEpochs: 3, PaceEpochs: 3), new FinetuneOptions(Epochs: 1), Seed: 2, Threads: 1, TrainLimit: 1500));

    [Theory]
    [InlineData(LinearizationMethod.Snl)]
    [InlineData(LinearizationMethod.Random)]
    [InlineData(LinearizationMethod.Layerwise)]
    public void Every_method_lands_exactly_on_the_budget(LinearizationMethod method)
    {
        var manifest = Linearize(method, "150");
        Assert.Equal(150, manifest.Census.TotalRelus);
        Assert.Equal(150, manifest.Linearization!.AchievedRelus);
        Assert.Equal(150, manifest.Linearization.Budget);
        Assert.Equal(method.ToString().ToLowerInvariant(), manifest.Linearization.Method);
        Assert.NotNull(manifest.Linearization.After.Test);
        Assert.Equal(Checkpoint.ReadManifest(trained.Checkpoint).Accuracy.Test, manifest.Linearization.Before.Test);
    }

    [Theory]
    [InlineData(LinearizationMethod.Snl)]
    [InlineData(LinearizationMethod.Layerwise)]
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
        // An epoch that ends above the geometric pace towards the budget doubles λ for the next one.
        for (int e = 1; e < history.Count; e++)
        {
            bool abovePace = history[e - 1].Alive > SnlMaskSearch.Pace(capacity, manifest.Linearization.Budget, e, 3);
            Assert.Equal(abovePace ? 2 * history[e - 1].Lambda : history[e - 1].Lambda, history[e].Lambda, 12);
        }
        Assert.All(history, h => Assert.InRange(h.Alive, 0, capacity));

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
            new SnlOptions(MaxEpochs: 3, PaceEpochs: 3), new FinetuneOptions(Epochs: 1), Seed: 2, Threads: 1, TrainLimit: 1500);
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
        var results = PiToolkit.Linearize.Sweeps.LinearizationSweep.Run(template, output, [ReluBudget.Parse("100"), ReluBudget.Parse("50")], [LinearizationMethod.Random]);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.StartsWith("diverged", r.Failure));
        Assert.Contains("diverged", File.ReadAllText(Path.Combine(output, "results.md")));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "results.csv")).Length);
    }

    [Fact]
    public void Linearizing_a_linearized_checkpoint_is_refused()
    {
        Linearize(LinearizationMethod.Random, "100");
        var again = new LinearizationSpec(Path.Combine(trained.Folder, "Random-Pixel-100"), Path.Combine(trained.Folder, "twice"), ReluBudget.Parse("50"));
        Assert.Contains("already linearized", Assert.Throws<CheckpointFormatException>(() => LinearizationJob.Run(again)).Message);
    }
}
