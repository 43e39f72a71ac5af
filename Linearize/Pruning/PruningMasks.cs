using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// The 0/1 tensors that hold pruned weights at zero: for unstructured pruning one per layer weight;
/// for channel pruning one per producer weight, bias and batch-norm scale and shift, so a pruned
/// channel outputs exactly zero in training and evaluation mode alike (batch norm maps an all-zero
/// channel to γ·0 + β = 0 once γ = β = 0). Consumers are left alone: they read zeros, and a shrunk
/// model drops their columns.
/// </summary>
public sealed class PruningMasks : IDisposable
{
    private readonly List<(Tensor Parameter, Tensor Mask)> _masks = [];
    private bool _disposed;

    /// <summary>Builds the masks for <paramref name="keep"/> (see <see cref="DependencyGraph.Cost"/> for its layout).</summary>
    public PruningMasks(DependencyGraph graph, PruningStructure structure, IReadOnlyList<bool[]> keep)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(keep);
        Structure = structure;
        Keep = keep.Select(k => (bool[])k.Clone()).ToList();
        if (structure == PruningStructure.Unstructured)
        {
            for (int i = 0; i < graph.Layers.Count; i++)
            {
                var w = graph.Layers[i].Weight;
                _masks.Add((w, tensor(Keep[i]).to(ScalarType.Float32).reshape(w.shape)));
            }
            return;
        }
        foreach (var layer in graph.Layers)
        {
            var flags = Keep[layer.OutputGroup];
            if (flags.All(k => k)) continue;
            using var row = tensor(flags).to(ScalarType.Float32);
            _masks.Add((layer.Weight, row.reshape([-1, .. Enumerable.Repeat(1L, (int)layer.Weight.dim() - 1)]).clone()));
            if (layer.Bias is { } b) _masks.Add((b, row.clone()));
            if (layer.Norm is { } n)
            {
                _masks.Add((n.weight!, row.clone()));
                _masks.Add((n.bias!, row.clone()));
            }
        }
    }

    /// <summary>The structure the masks were built for.</summary>
    public PruningStructure Structure { get; }

    /// <summary>The kept flags, per layer weight (unstructured) or per group channel (channel).</summary>
    public IReadOnlyList<bool[]> Keep { get; }

    /// <summary>Multiplies every masked parameter by its mask, in place and outside autograd.</summary>
    public void Apply()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var _ = no_grad();
        foreach (var (parameter, mask) in _masks) parameter.mul_(mask);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var (_, mask) in _masks) mask.Dispose();
    }
}
