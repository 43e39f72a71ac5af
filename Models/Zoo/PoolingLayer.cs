using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Models.Zoo;

/// <summary>
/// A k×k pooling layer (stride k) whose kind and size are visible to the census and exporters,
/// which TorchSharp's own pooling modules do not expose.
/// </summary>
public sealed class PoolingLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates a pooling layer of <paramref name="kind"/> over <paramref name="kernel"/>×<paramref name="kernel"/> windows.</summary>
    public PoolingLayer(PoolingKind kind, int kernel = 2) : base(nameof(PoolingLayer))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        Kind = kind;
        Kernel = kernel;
    }

    /// <summary>Max or average.</summary>
    public PoolingKind Kind { get; }
    /// <summary>Window side (also the stride).</summary>
    public int Kernel { get; }
    /// <summary>The per-sample output shape of the last forward pass, or null before one.</summary>
    public long[]? ObservedOutputShape { get; private set; }

    /// <summary>Secure comparisons per sample: (k²−1) per output value for max pooling, none for average.</summary>
    public long Comparisons => Kind == PoolingKind.Max
        ? (ObservedOutputShape ?? throw new InvalidOperationException("no forward pass observed yet")).Aggregate(1L, (a, b) => a * b) * (Kernel * Kernel - 1)
        : 0;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var output = Kind == PoolingKind.Max
            ? nn.functional.max_pool2d(input, Kernel, Kernel)
            : nn.functional.avg_pool2d(input, Kernel, Kernel);
        ObservedOutputShape = output.shape[1..];
        return output;
    }
}
