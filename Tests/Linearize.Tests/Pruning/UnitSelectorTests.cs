using PiToolkit.Linearize.Pruning;
using PiToolkit.Models.Zoo;
using TorchSharp;

namespace PiToolkit.Linearize.Tests.Pruning;

public sealed class UnitSelectorTests
{
    private static (DependencyGraph Graph, float[][] Scores) LeNet(PruningStructure structure)
    {
        var model = TinyModels.Random("lenet5", 1, seed: 1, color: false);
        var graph = DependencyGraph.Build(model);
        return (graph, ImportanceScores.Compute(graph, structure, PruningCriterion.Magnitude, 1, null, null, 0));
    }

    [Theory]
    [InlineData(PruningStructure.Unstructured, PruningScope.Global)]
    [InlineData(PruningStructure.Unstructured, PruningScope.Layer)]
    [InlineData(PruningStructure.Channel, PruningScope.Global)]
    [InlineData(PruningStructure.Channel, PruningScope.Layer)]
    public void Extreme_sparsity_never_removes_a_whole_layer(PruningStructure structure, PruningScope scope)
    {
        var (graph, scores) = LeNet(structure);
        var keep = UnitSelector.Select(graph, structure, scores, null, new PruningTarget(PruningTargetKind.Sparsity, 0.9999), scope);
        Assert.All(keep, k => Assert.Contains(true, k));
        Assert.Equal(structure == PruningStructure.Channel ? 1 : 1, keep[0].Count(k => k));
    }

    [Fact]
    public void A_sparsity_removes_that_fraction_of_the_lowest_scores()
    {
        var (graph, scores) = LeNet(PruningStructure.Unstructured);
        var keep = UnitSelector.Select(graph, PruningStructure.Unstructured, scores, null, new PruningTarget(PruningTargetKind.Sparsity, 0.5), PruningScope.Global);
        long total = keep.Sum(k => (long)k.Length), removed = keep.Sum(k => k.LongCount(x => !x));
        Assert.Equal(Math.Round(total * 0.5), removed);
        float highestRemoved = scores.SelectMany((s, l) => s.Where((_, i) => !keep[l][i])).Max();
        float lowestKept = scores.SelectMany((s, l) => s.Where((_, i) => keep[l][i])).Min();
        Assert.True(highestRemoved <= lowestKept);
    }

    [Theory]
    [InlineData(PruningStructure.Channel, PruningTargetKind.Parameters, 20_000)]
    [InlineData(PruningStructure.Channel, PruningTargetKind.Macs, 150_000)]
    [InlineData(PruningStructure.Channel, PruningTargetKind.Relus, 2_000)]
    [InlineData(PruningStructure.Unstructured, PruningTargetKind.Parameters, 20_000)]
    [InlineData(PruningStructure.Unstructured, PruningTargetKind.Macs, 150_000)]
    public void A_global_budget_is_met_and_returning_any_pruned_unit_would_exceed_it(PruningStructure structure, PruningTargetKind kind, long budget)
    {
        var (graph, scores) = LeNet(structure);
        var target = new PruningTarget(kind, budget);
        var keep = UnitSelector.Select(graph, structure, scores, null, target, PruningScope.Global);
        double achieved = target.Measure(graph.Cost(structure, keep));
        Assert.True(achieved <= budget, $"{achieved} > {budget}");
        if (structure == PruningStructure.Unstructured)
        {
            // A weight costs one parameter, or one MAC per output position.
            long step = kind == PruningTargetKind.Macs ? graph.Layers.Max(l => l.OutputPositions) : 1;
            Assert.True(achieved > budget - step, $"{achieved} is more than one weight below {budget}");
        }
        else
        {
            for (int g = 0; g < keep.Length; g++)
                for (int c = 0; c < keep[g].Length; c++)
                {
                    if (keep[g][c]) continue;
                    keep[g][c] = true;
                    Assert.True(target.Measure(graph.Cost(structure, keep)) > budget, $"channel {c} of group {g} would still fit");
                    keep[g][c] = false;
                }
        }
        var layer = UnitSelector.Select(graph, structure, scores, null, target, PruningScope.Layer);
        double uniform = target.Measure(graph.Cost(structure, layer));
        Assert.InRange(uniform, budget * 0.5, budget);
    }

    [Fact]
    public void A_global_ReLU_budget_prunes_by_score_per_ReLU_not_by_score()
    {
        // fc1 units score lowest but cost one ReLU each; conv2 channels score 10× higher yet cost 64
        // ReLUs each, so per ReLU they are the cheaper loss. Ranking by raw score stripped fc1 to 56
        // units (119 pruned, 55 given back) to save the 128 ReLUs two conv2 channels save.
        var (graph, _) = LeNet(PruningStructure.Channel);
        int conv2 = Group(graph, 16), fc1 = Group(graph, 120);
        var scores = graph.Groups.Select(g => Enumerable.Repeat(g.Index == fc1 ? 0.1f : g.Index == conv2 ? 1f : 10f, (int)g.Channels).ToArray()).ToArray();
        double full = graph.Cost(PruningStructure.Channel, graph.KeepAll(PruningStructure.Channel)).Relus;
        var target = new PruningTarget(PruningTargetKind.Relus, full - 2 * 64);

        var keep = UnitSelector.Select(graph, PruningStructure.Channel, scores, null, target, PruningScope.Global);

        Assert.All(keep[fc1], Assert.True);
        Assert.Equal(14, keep[conv2].Count(k => k));
        Assert.False(keep[conv2][0] || keep[conv2][1]); // Ties fall to the lower index.
        Assert.Equal(target.Value, graph.Cost(PruningStructure.Channel, keep).Relus);
    }

    [Fact]
    public void A_global_budget_never_prunes_a_unit_that_removes_no_cost_before_one_that_does()
    {
        // A channel whose ReLUs a mask has all linearized costs nothing: pruning it gains no budget.
        var model = TinyModels.Random("lenet5", 1, seed: 1, color: false);
        var mask = torch.ones(6, 1, 1);
        mask[0] = 0;
        model.ReluSites()[0].Site.SetMask(mask, trainable: false);
        var graph = DependencyGraph.Build(model);
        int conv1 = Group(graph, 6);
        var scores = graph.Groups.Select(g => Enumerable.Repeat(g.Index == conv1 ? 0.001f : 10f, (int)g.Channels).ToArray()).ToArray();
        scores[conv1][0] = 0;
        double full = graph.Cost(PruningStructure.Channel, graph.KeepAll(PruningStructure.Channel)).Relus;
        var target = new PruningTarget(PruningTargetKind.Relus, full - 576);

        var keep = UnitSelector.Select(graph, PruningStructure.Channel, scores, null, target, PruningScope.Global);

        Assert.True(keep[conv1][0]);
        Assert.Equal(5, keep[conv1].Count(k => k));
    }

    private static int Group(DependencyGraph graph, int channels) => graph.Groups.Single(g => g.Channels == channels && g.Prunable).Index;

    [Fact]
    public void A_ReLU_budget_for_unstructured_pruning_is_refused()
    {
        var (graph, scores) = LeNet(PruningStructure.Unstructured);
        Assert.Throws<ArgumentException>(() => UnitSelector.Select(graph, PruningStructure.Unstructured, scores, null, new PruningTarget(PruningTargetKind.Relus, 100), PruningScope.Global));
    }

    [Fact]
    public void An_unreachable_budget_is_refused_with_the_smallest_reachable_cost()
    {
        var (graph, scores) = LeNet(PruningStructure.Channel);
        var e = Assert.Throws<ArgumentException>(() => UnitSelector.Select(graph, PruningStructure.Channel, scores, null, new PruningTarget(PruningTargetKind.Parameters, 10), PruningScope.Global));
        Assert.Contains("cannot be reached", e.Message);
    }

    [Fact]
    public void Units_pruned_in_an_earlier_round_stay_pruned()
    {
        var (graph, scores) = LeNet(PruningStructure.Channel);
        var first = UnitSelector.Select(graph, PruningStructure.Channel, scores, null, new PruningTarget(PruningTargetKind.Sparsity, 0.3), PruningScope.Global);
        // Scores now favour exactly the pruned channels; they must stay pruned anyway.
        var inverted = scores.Select((s, g) => s.Select((v, i) => first[g][i] ? 0f : 1000f).ToArray()).ToArray();
        var second = UnitSelector.Select(graph, PruningStructure.Channel, inverted, first, new PruningTarget(PruningTargetKind.Sparsity, 0.5), PruningScope.Global);
        for (int g = 0; g < first.Length; g++)
            for (int i = 0; i < first[g].Length; i++)
                if (!first[g][i]) Assert.False(second[g][i]);
    }

    [Fact]
    public void Iterative_rounds_remove_the_same_fraction_of_what_is_left()
    {
        var target = new PruningTarget(PruningTargetKind.Sparsity, 0.875);
        Assert.Equal(0.5, target.Round(1, 3, 0).Value, 9);
        Assert.Equal(0.75, target.Round(2, 3, 0).Value, 9);
        Assert.Equal(0.875, target.Round(3, 3, 0).Value, 9);
        var budget = new PruningTarget(PruningTargetKind.Macs, 100);
        Assert.Equal(700, budget.Round(1, 3, 1000).Value, 9);
    }
}
