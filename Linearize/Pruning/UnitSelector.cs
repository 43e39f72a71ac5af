using System.Globalization;
using PiToolkit.Models.Census;

namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// Chooses the units to prune from their scores so the network meets a target: the lowest scores
/// go first (per unit of cost, for a global channel budget; ties broken by layer, then position, so
/// a run is reproducible), units pruned earlier stay pruned, and every layer or group keeps at least
/// one unit, so pruning never cuts the network in two.
/// </summary>
public static class UnitSelector
{
    /// <summary>The kept flags after pruning to <paramref name="target"/>.</summary>
    /// <param name="graph">The model's dependency graph.</param>
    /// <param name="structure">Weights or channels.</param>
    /// <param name="scores">One score per unit, laid out as <see cref="DependencyGraph.KeepAll"/>.</param>
    /// <param name="previous">Flags of an earlier round (those units stay pruned), or null.</param>
    /// <param name="target">Sparsity or budget.</param>
    /// <param name="scope">Global ranking or the same fraction in each layer.</param>
    /// <param name="criterion">The criterion that scored the units; it limits which groups are <see cref="Prunable"/>.</param>
    /// <exception cref="ArgumentException">A ReLU budget with unstructured pruning (zeros remove no ReLU), or a budget below the smallest network the guard allows.</exception>
    public static bool[][] Select(DependencyGraph graph, PruningStructure structure, IReadOnlyList<float[]> scores,
        IReadOnlyList<bool[]>? previous, PruningTarget target, PruningScope scope, PruningCriterion? criterion = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(target);
        target.Validate();
        if (structure == PruningStructure.Unstructured && target.Kind == PruningTargetKind.Relus)
            throw new ArgumentException("a ReLU budget needs channel pruning: zeroed weights remove no ReLU", nameof(target));
        var prunable = Prunable(graph, structure, criterion);
        // Earlier rounds' pruned units sort first: they stay pruned whatever their score is now.
        var ranked = scores.Select((s, u) => s.Select((v, i) => previous is not null && !previous[u][i] ? float.NegativeInfinity : v).ToArray()).ToArray();

        if (target.Kind == PruningTargetKind.Sparsity)
            return scope == PruningScope.Global
                ? GlobalByCount(ranked, prunable, (long)Math.Round(target.Value * Units(ranked, prunable)))
                : PerLayer(ranked, prunable, target.Value);

        double Cost(bool[][] keep) => target.Measure(graph.Cost(structure, keep));
        // A global channel budget ranks by score per unit of cost; the floor keeps the unit that
        // ranking keeps last in each layer, so the walk below can always reach it.
        if (scope == PruningScope.Global && structure == PruningStructure.Channel) ranked = PerUnitOfCost(graph, ranked, prunable, target);
        var floor = scope == PruningScope.Global ? GlobalByCount(ranked, prunable, long.MaxValue) : PerLayer(ranked, prunable, 1);
        if (Cost(floor) > target.Value)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"a budget of {target.Value:N0} {target.Kind.ToString().ToLowerInvariant()} cannot be reached: keeping one unit per layer costs {Cost(floor):N0}"), nameof(target));
        if (scope == PruningScope.Global) return GlobalByBudget(graph, structure, ranked, prunable, target);

        // The same fraction everywhere: the smallest fraction within budget, by bisection (cost falls as the fraction grows).
        double low = 0, high = 1;
        if (Cost(PerLayer(ranked, prunable, 0)) <= target.Value) return PerLayer(ranked, prunable, 0);
        for (int i = 0; i < 40; i++)
        {
            double mid = (low + high) / 2;
            if (Cost(PerLayer(ranked, prunable, mid)) <= target.Value) high = mid; else low = mid;
        }
        return PerLayer(ranked, prunable, high);
    }

    /// <summary>
    /// Which layers (unstructured) or groups (channel) may lose units at all. Under
    /// <see cref="PruningCriterion.BnScale"/> only groups whose every producer has a batch norm: the
    /// criterion has no score for the others (e.g. LeNet-5's FC layers), which network slimming
    /// (Liu et al. 2017) leaves whole, so a sparsity is a fraction of the batch-normed channels.
    /// </summary>
    public static bool[] Prunable(DependencyGraph graph, PruningStructure structure, PruningCriterion? criterion = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (structure == PruningStructure.Unstructured) return [.. graph.Layers.Select(_ => true)];
        return criterion == PruningCriterion.BnScale
            ? [.. graph.Groups.Select(g => g.Prunable && g.Producers.All(i => graph.Layers[i].Norm is not null))]
            : [.. graph.Groups.Select(g => g.Prunable)];
    }

    /// <summary>
    /// Each channel's score divided by the cost it removes: the drop in the budgeted cost when that
    /// channel alone leaves the full network. Ranking by raw score ignores cost, so a ReLU budget
    /// first strips the cheap FC units (one ReLU each, against 576 for a LeNet-5 conv1 channel) down
    /// to one neuron. Score per cost is the greedy knapsack rule resource-aware pruning uses:
    /// Molchanov et al. 2017 (arXiv:1611.06440) penalise each channel's FLOPs in its ranking, and
    /// private-inference work ranks by ReLU count, the cost a PI protocol pays. The drop is exact for
    /// ReLUs (additive per channel); for MACs and parameters a channel's cost depends on its
    /// neighbours' widths, so the full-network drop approximates it, and the walk still recounts.
    /// A channel that removes no cost ranks last: pruning it loses accuracy and gains no budget.
    /// Earlier rounds' pruned channels keep their −∞ and still go first.
    /// </summary>
    private static float[][] PerUnitOfCost(DependencyGraph graph, float[][] scores, bool[] prunable, PruningTarget target)
    {
        var keep = graph.KeepAll(PruningStructure.Channel);
        double full = target.Measure(graph.Cost(PruningStructure.Channel, keep));
        var ranked = new float[scores.Length][];
        for (int u = 0; u < scores.Length; u++)
        {
            ranked[u] = (float[])scores[u].Clone();
            if (!prunable[u]) continue;
            for (int i = 0; i < ranked[u].Length; i++)
            {
                if (float.IsNegativeInfinity(ranked[u][i])) continue;
                keep[u][i] = false;
                double removed = full - target.Measure(graph.Cost(PruningStructure.Channel, keep));
                keep[u][i] = true;
                ranked[u][i] = removed > 0 ? (float)(ranked[u][i] / removed) : float.PositiveInfinity;
            }
        }
        return ranked;
    }

    private static long Units(float[][] scores, bool[] prunable) => scores.Where((_, u) => prunable[u]).Sum(s => (long)s.Length);

    private static IEnumerable<(int Unit, int Index)> Ascending(float[][] scores, bool[] prunable) =>
        scores.SelectMany((s, u) => s.Select((v, i) => (Value: v, Unit: u, Index: i)))
            .Where(x => prunable[x.Unit])
            .OrderBy(x => x.Value).ThenBy(x => x.Unit).ThenBy(x => x.Index)
            .Select(x => (x.Unit, x.Index));

    private static bool[][] GlobalByCount(float[][] scores, bool[] prunable, long count)
    {
        var keep = scores.Select(s => Enumerable.Repeat(true, s.Length).ToArray()).ToArray();
        var left = scores.Select(s => (long)s.Length).ToArray();
        long pruned = 0;
        foreach (var (u, i) in Ascending(scores, prunable))
        {
            if (pruned >= count) break;
            if (left[u] <= 1) continue; // The guard: the last unit of a layer stays.
            keep[u][i] = false;
            left[u]--;
            pruned++;
        }
        return keep;
    }

    private static bool[][] GlobalByBudget(DependencyGraph graph, PruningStructure structure, float[][] scores, bool[] prunable, PruningTarget target)
    {
        var keep = scores.Select(s => Enumerable.Repeat(true, s.Length).ToArray()).ToArray();
        var left = scores.Select(s => (long)s.Length).ToArray();
        // A weight's cost is additive (one parameter, one MAC per output position), so unstructured
        // pruning updates the cost per unit; a channel's cost depends on its neighbours' widths, so
        // channel pruning recounts, which is cheap at a few hundred channels.
        double cost = target.Measure(graph.Cost(structure, keep));
        foreach (var (u, i) in Ascending(scores, prunable))
        {
            if (cost <= target.Value) break;
            if (left[u] <= 1) continue;
            keep[u][i] = false;
            left[u]--;
            cost = structure == PruningStructure.Unstructured
                ? cost - (target.Kind == PruningTargetKind.Macs ? graph.Layers[u].OutputPositions : 1)
                : target.Measure(graph.Cost(structure, keep));
        }
        if (structure == PruningStructure.Channel)
        {
            // One channel can cost tens of thousands of MACs, so the walk may overshoot: give back,
            // best score per cost first, every pruned channel that still fits. Cost only grows as channels
            // return, so a channel refused once stays refused, and afterwards no single pruned
            // channel fits any more.
            foreach (var (u, i) in Ascending(scores, prunable).Reverse().Where(x => !keep[x.Unit][x.Index] && !float.IsNegativeInfinity(scores[x.Unit][x.Index])))
            {
                keep[u][i] = true;
                if (target.Measure(graph.Cost(structure, keep)) > target.Value) keep[u][i] = false;
            }
        }
        return keep;
    }

    private static bool[][] PerLayer(float[][] scores, bool[] prunable, double fraction) =>
        scores.Select((s, u) =>
        {
            var keep = Enumerable.Repeat(true, s.Length).ToArray();
            if (!prunable[u]) return keep;
            int count = Math.Min(s.Length - 1, (int)Math.Round(fraction * s.Length));
            foreach (int i in s.Select((v, i) => (v, i)).OrderBy(x => x.v).ThenBy(x => x.i).Take(count).Select(x => x.i)) keep[i] = false;
            return keep;
        }).ToArray();
}
