namespace PiToolkit.Linearize.Pruning;

/// <summary>What a pruning target constrains.</summary>
public enum PruningTargetKind
{
    /// <summary>The fraction of prunable units (weights or channels) removed.</summary>
    Sparsity,
    /// <summary>A ceiling on the parameters left (non-zero ones for unstructured pruning).</summary>
    Parameters,
    /// <summary>A ceiling on multiply-accumulates per sample (over non-zero weights for unstructured pruning).</summary>
    Macs,
    /// <summary>A ceiling on ReLUs; only channel pruning removes ReLUs.</summary>
    Relus,
}
