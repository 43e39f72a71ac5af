using PiToolkit.Linearize.Pruning;

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
