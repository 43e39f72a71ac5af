using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PiToolkit.Linearize.Export;
using PiToolkit.Linearize.Pruning;
using PiToolkit.Linearize.Tests.Export;
using PiToolkit.ModelFormat;
using PiToolkit.Models.Census;
using PiToolkit.Models.Zoo;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace PiToolkit.Linearize.Tests.Pruning;

public sealed class ModelShrinkerTests
{
    public static TheoryData<string, double, bool, bool> Models() => new()
    {
        { "lenet5", 1.0, false, false },
        { "lenet5", 1.0, false, true },
        { "minionn-mnist", 0.5, false, false },
        { "minionn-mnist", 0.5, false, true },
        { "mlp", 0.25, false, false },
        { "resnet20", 0.25, true, false },
        { "vgg11", 0.125, true, false },
    };

    /// <summary>Prunes a random ~40 % of every prunable group (at least one channel kept) and zeroes them through the masks.</summary>
    private static bool[][] ZeroRandomChannels(ZooModel model, DependencyGraph graph, int seed)
    {
        var random = new Random(seed);
        var keep = graph.Groups.Select(g =>
        {
            var flags = Enumerable.Range(0, (int)g.Channels).Select(_ => !g.Prunable || random.NextDouble() > 0.4).ToArray();
            flags[random.Next(flags.Length)] = true;
            return flags;
        }).ToArray();
        using var masks = new PruningMasks(graph, PruningStructure.Channel, keep);
        masks.Apply();
        return keep;
    }

    private static float[] Logits(ZooModel model, Tensor input)
    {
        using var _ = no_grad();
        using var output = model.forward(input);
        return output.data<float>().ToArray();
    }

    private static double[] Doubles(ZooModel model, Tensor input)
    {
        using var _ = no_grad();
        using var output = model.forward(input);
        return output.data<double>().ToArray();
    }

    private static void AssertExact(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-10 * Math.Max(1, Math.Abs(expected[i])), $"logit {i}: zeroed model {expected[i]}, shrunk model {actual[i]}");
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = Math.Max(1f, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * scale, $"logit {i}: zeroed model {expected[i]}, shrunk model {actual[i]}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_shrunk_model_computes_what_the_zeroed_model_computes_and_is_smaller(string architecture, double width, bool color, bool batchNorm)
    {
        using var model = TinyModels.Random(architecture, width, seed: 3, color, batchNorm);
        var graph = DependencyGraph.Build(model);
        var keep = ZeroRandomChannels(model, graph, seed: 4);
        using var shrunk = ModelShrinker.Shrink(model, graph, keep);
        // In double precision: float32 convolutions over different channel counts round differently,
        // and eight batch-normed layers amplify that to 1e-3; dropping exact zeros changes nothing in float64.
        model.to(ScalarType.Float64);
        shrunk.to(ScalarType.Float64);
        using var input = randn([4, .. model.Options.InputShape], ScalarType.Float64);
        AssertExact(Doubles(model, input), Doubles(shrunk, input));
        model.to(ScalarType.Float32);
        shrunk.to(ScalarType.Float32);

        var census = ReluCensus.Take(shrunk);
        var predicted = graph.Cost(PruningStructure.Channel, keep);
        Assert.Equal(predicted.Parameters, census.Parameters);
        Assert.Equal(predicted.Macs, census.Macs);
        Assert.Equal(predicted.Relus, census.TotalRelus);
        Assert.True(census.Parameters < ReluCensus.Take(model).Parameters);
        // The channel counts the zoo honoured are the kept counts, layer by layer.
        var rebuilt = DependencyGraph.Build(shrunk);
        Assert.Equal(graph.Layers.Select(l => (long)keep[l.OutputGroup].Count(k => k)), rebuilt.Layers.Select(l => l.OutputChannels));
    }

    [Fact]
    public void A_linearized_model_keeps_its_site_masks_for_the_kept_channels()
    {
        using var model = ExportedModels.Build("lenet5", 1.0, "avg", seed: 6);
        var graph = DependencyGraph.Build(model);
        var keep = ZeroRandomChannels(model, graph, seed: 7);
        using var shrunk = ModelShrinker.Shrink(model, graph, keep);
        using var input = randn([3, .. model.Options.InputShape]);
        AssertClose(Logits(model, input), Logits(shrunk, input));
        Assert.Equal(graph.Cost(PruningStructure.Channel, keep).Relus, ReluCensus.Take(shrunk).TotalRelus);
        Assert.Equal(keep[0].Count(k => k), shrunk.ReluSites()[0].Site.Mask!.shape[0]);
    }

    [Theory]
    [InlineData("lenet5", 1.0, false)]
    [InlineData("resnet20", 0.25, true)]
    public void The_exported_shrunk_model_runs_in_ONNX_Runtime_and_the_reference_interpreter(string architecture, double width, bool color)
    {
        using var model = TinyModels.Random(architecture, width, seed: 8, color);
        var graph = DependencyGraph.Build(model);
        var keep = ZeroRandomChannels(model, graph, seed: 9);
        using var shrunk = ModelShrinker.Shrink(model, graph, keep);
        var exported = GraphExtractor.Extract(shrunk, color ? ExportedModels.Color : ExportedModels.Gray);
        var dense = GraphExtractor.Extract(model, color ? ExportedModels.Color : ExportedModels.Gray);
        Assert.True(exported.Parameters < dense.Parameters);
        Assert.True(PimFile.Serialize(exported).Length < PimFile.Serialize(dense).Length);

        using var input = randn([2, .. model.Options.InputShape]);
        var expected = Logits(model, input);
        var samples = Enumerable.Range(0, 2).Select(i => input[i].data<float>().ToArray()).ToArray();
        for (int i = 0; i < 2; i++)
            AssertClose(expected.AsSpan(i * 10, 10).ToArray(), GraphInterpreter.Evaluate(PimFile.Parse(PimFile.Serialize(exported), "memory"), samples[i]));

        using var session = new InferenceSession(OnnxWriter.Serialize(exported));
        var batch = new DenseTensor<float>(samples.SelectMany(x => x).ToArray(), [2, .. exported.InputShape.Select(d => (int)d)]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", batch)]);
        AssertClose(expected, results.Single(r => r.Name == "logits").AsTensor<float>().ToArray());
    }

    [Theory]
    [InlineData("lenet5")]
    [InlineData("minionn-mnist")]
    public void Slimming_the_batch_norm_variant_shrinks_its_convolutions_and_leaves_the_FC_layers_whole(string architecture)
    {
        using var model = TinyModels.Random(architecture, 1.0, seed: 10, color: false, batchNorm: true);
        var graph = DependencyGraph.Build(model);
        var scores = ImportanceScores.Compute(graph, PruningStructure.Channel, PruningCriterion.BnScale, 1, null, null, 0);
        var keep = UnitSelector.Select(graph, PruningStructure.Channel, scores, null, new PruningTarget(PruningTargetKind.Sparsity, 0.5), PruningScope.Global, PruningCriterion.BnScale);
        using (var masks = new PruningMasks(graph, PruningStructure.Channel, keep)) masks.Apply();
        using var shrunk = ModelShrinker.Shrink(model, graph, keep);

        var before = graph.Layers.ToDictionary(l => l.Name, l => l.OutputChannels);
        var after = DependencyGraph.Build(shrunk).Layers.ToDictionary(l => l.Name, l => l.OutputChannels);
        long convChannels = before["features.conv1"] + before["features.conv2"];
        Assert.Equal(convChannels / 2, convChannels - after["features.conv1"] - after["features.conv2"]);
        Assert.All(before.Keys.Where(n => n.StartsWith("classifier.", StringComparison.Ordinal)), n => Assert.Equal(before[n], after[n]));
        Assert.True(ReluCensus.Take(shrunk).Parameters < ReluCensus.Take(model).Parameters);
        using var input = randn([3, .. model.Options.InputShape]);
        AssertClose(Logits(model, input), Logits(shrunk, input));
    }

    [Fact]
    public void Pruning_a_group_that_feeds_the_logits_is_refused()
    {
        using var model = TinyModels.Mlp();
        var graph = DependencyGraph.Build(model);
        var keep = graph.KeepAll(PruningStructure.Channel);
        keep[^1][0] = false;
        var e = Assert.Throws<ArgumentException>(() => ModelShrinker.Shrink(model, graph, keep));
        Assert.Contains("cannot be pruned", e.Message);
    }
}
