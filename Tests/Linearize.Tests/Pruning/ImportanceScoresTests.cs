using PiToolkit.Linearize.Pruning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Pruning;

public sealed class ImportanceScoresTests
{
    private static readonly float[] Input = [1, -0.5f, 2, 0.25f];
    private const int Label = 1;

    private static void AssertClose(IEnumerable<double> expected, IEnumerable<float> actual)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) < 1e-5 * Math.Max(1, Math.Abs(e[i])), $"unit {i}: expected {e[i]}, got {a[i]}");
    }

    private static int[] Ascending(IEnumerable<float> scores) => scores.Select((s, i) => (s, i)).OrderBy(x => x.s).ThenBy(x => x.i).Select(x => x.i).ToArray();

    [Fact]
    public void L1_and_L2_channel_magnitude_rank_the_hand_chosen_rows_differently()
    {
        using var model = TinyModels.Mlp();
        var graph = DependencyGraph.Build(model);
        var l1 = ImportanceScores.Compute(graph, PruningStructure.Channel, PruningCriterion.Magnitude, 1, null, null, 0);
        var l2 = ImportanceScores.Compute(graph, PruningStructure.Channel, PruningCriterion.Magnitude, 2, null, null, 0);
        AssertClose([3, 3.6, 4], l1[0]);
        AssertClose([3, Math.Sqrt(4 * 0.81), Math.Sqrt(8)], l2[0]);
        Assert.Equal([0, 1, 2], Ascending(l1[0]));
        Assert.Equal([1, 2, 0], Ascending(l2[0]));
        // One channel of three per layer: L1 removes row 0 of fc1 (L2 would remove row 1).
        var keep = UnitSelector.Select(graph, PruningStructure.Channel, l1, null, new PruningTarget(PruningTargetKind.Sparsity, 0.34), PruningScope.Layer);
        Assert.Equal([false, true, true], keep[0]);
        Assert.Equal([true, false, true], UnitSelector.Select(graph, PruningStructure.Channel, l2, null, new PruningTarget(PruningTargetKind.Sparsity, 0.34), PruningScope.Layer)[0]);
        Assert.False(graph.Groups[^1].Prunable);
    }

    [Fact]
    public void Unstructured_magnitude_is_the_absolute_weight()
    {
        using var model = TinyModels.Mlp();
        var graph = DependencyGraph.Build(model);
        var scores = ImportanceScores.Compute(graph, PruningStructure.Unstructured, PruningCriterion.Magnitude, 1, null, null, 0);
        AssertClose(TinyModels.Fc1.Select(w => (double)Math.Abs(w)), scores[0]);
        AssertClose(TinyModels.Fc3.Select(w => (double)Math.Abs(w)), scores[2]);
    }

    /// <summary>Backpropagation of the tiny MLP by hand, in doubles: |w·∂L/∂w| per weight of each layer and per bias.</summary>
    private static (double[][] Weights, double[][] Biases) HandTaylor()
    {
        double[] x = [.. Input.Select(v => (double)v)];
        double[] z1 = Affine(TinyModels.Fc1, TinyModels.B1, x, 3), h1 = z1.Select(v => Math.Max(0, v)).ToArray();
        double[] z2 = Affine(TinyModels.Fc2, TinyModels.B2, h1, 2), h2 = z2.Select(v => Math.Max(0, v)).ToArray();
        double[] z3 = Affine(TinyModels.Fc3, TinyModels.B3, h2, 2);
        double max = z3.Max(), sum = z3.Sum(v => Math.Exp(v - max));
        double[] d3 = z3.Select((v, i) => Math.Exp(v - max) / sum - (i == Label ? 1 : 0)).ToArray();
        double[] d2 = Back(TinyModels.Fc3, d3, 2).Select((g, j) => z2[j] > 0 ? g : 0).ToArray();
        double[] d1 = Back(TinyModels.Fc2, d2, 3).Select((g, j) => z1[j] > 0 ? g : 0).ToArray();
        double[] Products(float[] w, double[] delta, double[] input) =>
            w.Select((v, k) => Math.Abs(v * delta[k / input.Length] * input[k % input.Length])).ToArray();
        double[] BiasProducts(float[] b, double[] delta) => b.Select((v, i) => Math.Abs(v * delta[i])).ToArray();
        return ([Products(TinyModels.Fc1, d1, x), Products(TinyModels.Fc2, d2, h1), Products(TinyModels.Fc3, d3, h2)],
            [BiasProducts(TinyModels.B1, d1), BiasProducts(TinyModels.B2, d2), BiasProducts(TinyModels.B3, d3)]);
    }

    private static double[] Affine(float[] w, float[] b, double[] x, int outputs) =>
        Enumerable.Range(0, outputs).Select(o => b[o] + x.Select((v, i) => w[o * x.Length + i] * v).Sum()).ToArray();

    private static double[] Back(float[] w, double[] delta, int inputs) =>
        Enumerable.Range(0, inputs).Select(i => delta.Select((d, o) => d * w[o * inputs + i]).Sum()).ToArray();

    private static IEnumerable<(Tensor, Tensor)> OneBatch() => [(tensor(Input, [1, 1, 2, 2]), tensor(new long[] { Label }))];

    [Theory]
    [InlineData(PruningCriterion.Taylor)]
    [InlineData(PruningCriterion.Snip)]
    public void Taylor_and_SNIP_match_hand_backpropagation_per_weight_and_summed_per_channel(PruningCriterion criterion)
    {
        using var model = TinyModels.Mlp();
        var graph = DependencyGraph.Build(model);
        var (weights, biases) = HandTaylor();
        var perWeight = ImportanceScores.Compute(graph, PruningStructure.Unstructured, criterion, 1, model, OneBatch(), 0);
        for (int l = 0; l < 3; l++) AssertClose(weights[l], perWeight[l]);
        var perChannel = ImportanceScores.Compute(graph, PruningStructure.Channel, criterion, 1, model, OneBatch(), 0);
        var expected = Enumerable.Range(0, 3).Select(c => weights[0].Skip(4 * c).Take(4).Sum() + biases[0][c]).ToArray();
        AssertClose(expected, perChannel[0]);
        Assert.Equal(Ascending(expected.Select(v => (float)v)), Ascending(perChannel[0]));
        Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0));
    }

    [Fact]
    public void Random_scores_depend_only_on_the_seed()
    {
        using var model = TinyModels.Mlp();
        var graph = DependencyGraph.Build(model);
        var a = ImportanceScores.Compute(graph, PruningStructure.Unstructured, PruningCriterion.Random, 1, null, null, 7);
        var b = ImportanceScores.Compute(graph, PruningStructure.Unstructured, PruningCriterion.Random, 1, null, null, 7);
        var c = ImportanceScores.Compute(graph, PruningStructure.Unstructured, PruningCriterion.Random, 1, null, null, 8);
        Assert.Equal(a.SelectMany(x => x), b.SelectMany(x => x));
        Assert.NotEqual(a.SelectMany(x => x), c.SelectMany(x => x));
        Assert.All(a.SelectMany(x => x), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Batch_norm_scale_ranks_channels_by_absolute_gamma()
    {
        using var model = TinyModels.Random("vgg11", 0.0625, seed: 1, color: true);
        var graph = DependencyGraph.Build(model);
        float[] gamma = [0.5f, -2, 0.1f, 1];
        using (no_grad()) graph.Layers[0].Norm!.weight!.copy_(tensor(gamma));
        var scores = ImportanceScores.Compute(graph, PruningStructure.Channel, PruningCriterion.BnScale, 1, null, null, 0);
        AssertClose(gamma.Select(g => (double)Math.Abs(g)), scores[graph.Layers[0].OutputGroup]);
        Assert.Equal([2, 0, 3, 1], Ascending(scores[graph.Layers[0].OutputGroup]));
    }

    [Fact]
    public void Batch_norm_scale_on_a_model_without_batch_norm_names_the_layer()
    {
        using var model = TinyModels.Random("lenet5", 1, seed: 1, color: false);
        var graph = DependencyGraph.Build(model);
        var e = Assert.Throws<ArgumentException>(() => ImportanceScores.Compute(graph, PruningStructure.Channel, PruningCriterion.BnScale, 1, null, null, 0));
        Assert.Contains("features.conv1", e.Message);
    }
}
