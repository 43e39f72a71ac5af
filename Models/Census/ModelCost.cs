namespace PiToolkit.Models.Census;

/// <summary>
/// What a network costs for one sample in the three units pruning trades against accuracy, counted
/// as <see cref="ReluCensus"/> counts them. For unstructured pruning parameters and MACs count only
/// non-zero weights: the saving a sparse kernel could realise, not one the HE packing realises.
/// </summary>
/// <param name="Parameters">Parameters: weights (non-zero ones after unstructured pruning), biases and batch-norm scales and shifts.</param>
/// <param name="Macs">Multiply-accumulates of convolutions and linear layers.</param>
/// <param name="Relus">Nonlinear ReLUs.</param>
public sealed record ModelCost(long Parameters, long Macs, long Relus);
