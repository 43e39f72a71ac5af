using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// Scores every pruning unit; lower scores are pruned first. Unstructured scores are per weight of
/// each layer; channel scores are per channel of each group and add up over the group's producers,
/// so channels tied by a residual addition are judged on all the layers that write them.
/// </summary>
public static class ImportanceScores
{
    /// <summary>Scores the units of <paramref name="graph"/>.</summary>
    /// <param name="graph">The model's dependency graph.</param>
    /// <param name="structure">Weights or channels.</param>
    /// <param name="criterion">The criterion.</param>
    /// <param name="norm">1 or 2: the norm of a channel's weights for <see cref="PruningCriterion.Magnitude"/>.</param>
    /// <param name="network">The model to differentiate (with its masks applied) for Taylor and SNIP.</param>
    /// <param name="batches">Training batches for Taylor and SNIP; |w·∂L/∂w| is summed over them.</param>
    /// <param name="seed">Seed of the random criterion.</param>
    /// <returns>One array per layer (unstructured) or group (channel).</returns>
    /// <exception cref="ArgumentException">Batch-norm scale for unstructured pruning or for a model with no prunable group behind batch norms; a norm other than 1 or 2; no batches for a gradient criterion.</exception>
    public static float[][] Compute(DependencyGraph graph, PruningStructure structure, PruningCriterion criterion, int norm,
        nn.Module<Tensor, Tensor>? network, IEnumerable<(Tensor Images, Tensor Labels)>? batches, int seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (norm is not (1 or 2)) throw new ArgumentException($"the magnitude norm must be 1 or 2 (got {norm})", nameof(norm));
        switch (criterion)
        {
            case PruningCriterion.Random:
                var random = new Random(seed);
                return graph.KeepAll(structure).Select(k => k.Select(_ => random.NextSingle()).ToArray()).ToArray();
            case PruningCriterion.Magnitude:
                return structure == PruningStructure.Unstructured
                    ? graph.Layers.Select(l => Floats(l.Weight.abs())).ToArray()
                    : ChannelScores(graph, (l, _) => [l.Weight.abs().pow(norm)], s => (float)Math.Pow(s, 1.0 / norm));
            case PruningCriterion.BnScale:
                if (structure == PruningStructure.Unstructured)
                    throw new ArgumentException("the batch-norm scale criterion ranks channels: use --structure channel", nameof(criterion));
                // Groups without batch norm are left whole (UnitSelector.Prunable); with none at all there is nothing to rank.
                if (!UnitSelector.Prunable(graph, structure, criterion).Any(p => p))
                {
                    var lacking = graph.Groups.Where(g => g.Prunable).SelectMany(g => g.Producers).Select(i => graph.Layers[i]).FirstOrDefault(l => l.Norm is null);
                    throw new ArgumentException(
                        $"the batch-norm scale criterion needs batch norm after the layers it prunes; {lacking?.Name ?? "the model"} has none (lenet5 and minionn-mnist train with --batch-norm)", nameof(criterion));
                }
                return ChannelScores(graph, (l, _) => l.Norm is null ? [] : [l.Norm.weight!.abs()], s => (float)s);
            default:
                if (network is null || batches is null) throw new ArgumentException($"{criterion} needs the network and training batches", nameof(batches));
                using (var products = TaylorProducts(graph, network, batches))
                {
                    return structure == PruningStructure.Unstructured
                        ? graph.Layers.Select(l => Floats(products.Of(l.Weight))).ToArray()
                        : ChannelScores(graph, (l, _) => [products.Of(l.Weight), .. Optional(products, l.Bias), .. Optional(products, l.Norm?.weight), .. Optional(products, l.Norm?.bias)], s => (float)s);
                }
        }
    }

    private static IEnumerable<Tensor> Optional(ParameterProducts products, Tensor? parameter) => parameter is null ? [] : [products.Of(parameter)];

    /// <summary>Σ over batches of |θ·∂L/∂θ| for every parameter, with L the mean cross-entropy of one batch.</summary>
    private static ParameterProducts TaylorProducts(DependencyGraph graph, nn.Module<Tensor, Tensor> network, IEnumerable<(Tensor Images, Tensor Labels)> batches)
    {
        var parameters = graph.Layers.SelectMany(l => new[] { l.Weight, l.Bias, l.Norm?.weight, l.Norm?.bias }).OfType<Tensor>().Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>().ToList();
        var sums = new ParameterProducts(parameters);
        bool wasTraining = network.training;
        // Evaluation mode: scoring must not move batch-norm running statistics.
        network.eval();
        int seen = 0;
        try
        {
            foreach (var (images, labels) in batches)
            {
                using var scope = NewDisposeScope();
                foreach (var p in parameters) p.grad?.zero_();
                var loss = nn.functional.cross_entropy(network.forward(images), labels);
                loss.backward();
                using (no_grad())
                    foreach (var p in parameters)
                        if (p.grad is { } g) sums.Add(p, (p * g).abs_());
                seen++;
            }
        }
        finally
        {
            foreach (var p in parameters) p.grad?.zero_();
            network.train(wasTraining);
        }
        if (seen == 0) throw new ArgumentException("no training batch to score with", nameof(batches));
        return sums;
    }

    /// <summary>Per-channel sums over a group's producers of the per-weight tensors <paramref name="terms"/> give, finished by <paramref name="finish"/>.</summary>
    private static float[][] ChannelScores(DependencyGraph graph, Func<PrunableLayer, int, IEnumerable<Tensor>> terms, Func<double, float> finish)
    {
        var scores = graph.Groups.Select(g => new double[g.Channels]).ToArray();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (int i = 0; i < graph.Layers.Count; i++)
        {
            var layer = graph.Layers[i];
            foreach (var term in terms(layer, i))
            {
                using var perChannel = term.reshape(term.shape[0], -1).sum(1).to(ScalarType.Float64);
                var values = perChannel.data<double>().ToArray();
                for (int c = 0; c < values.Length; c++) scores[layer.OutputGroup][c] += values[c];
            }
        }
        return scores.Select(s => s.Select(finish).ToArray()).ToArray();
    }

    private static float[] Floats(Tensor t)
    {
        using var _ = no_grad();
        using var flat = t.detach().reshape(-1).to(ScalarType.Float32).contiguous();
        return flat.data<float>().ToArray();
    }

    /// <summary>Running sums of |θ·g| keyed by parameter identity.</summary>
    private sealed class ParameterProducts : IDisposable
    {
        private readonly Dictionary<Tensor, Tensor> _sums = new(ReferenceEqualityComparer.Instance);

        public ParameterProducts(IEnumerable<Tensor> parameters)
        {
            foreach (var p in parameters) _sums[p] = zeros_like(p);
        }

        public void Add(Tensor parameter, Tensor product) => _sums[parameter].add_(product);

        public Tensor Of(Tensor parameter) => _sums[parameter];

        public void Dispose()
        {
            foreach (var t in _sums.Values) t.Dispose();
        }
    }
}
