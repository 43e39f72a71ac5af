namespace PiToolkit.Models.Checkpoints;

/// <summary>How much of one layer pruning removed.</summary>
/// <param name="Layer">Module path.</param>
/// <param name="Units">Weights (unstructured) or output channels (channel) before pruning.</param>
/// <param name="Kept">Units kept.</param>
public sealed record LayerSparsity(string Layer, long Units, long Kept)
{
    /// <summary>Fraction removed (0..1).</summary>
    public double Sparsity => Units == 0 ? 0 : 1 - (double)Kept / Units;
}
