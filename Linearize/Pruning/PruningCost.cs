namespace PiToolkit.Linearize.Pruning;

/// <summary>What a (pruned) network costs for one sample, counted as the census counts.</summary>
/// <param name="Parameters">Parameters (non-zero weights for unstructured pruning, with all biases and batch-norm parameters).</param>
/// <param name="Macs">Multiply-accumulates of convolutions and linear layers (over non-zero weights for unstructured pruning).</param>
/// <param name="Relus">Nonlinear ReLUs.</param>
public sealed record PruningCost(long Parameters, long Macs, long Relus)
{
    /// <summary>The value a target of <paramref name="kind"/> constrains.</summary>
    public double Of(PruningTargetKind kind) => kind switch
    {
        PruningTargetKind.Parameters => Parameters,
        PruningTargetKind.Macs => Macs,
        PruningTargetKind.Relus => Relus,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a sparsity is not a cost"),
    };
}
