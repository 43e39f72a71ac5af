namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>
/// The model a point measures, as training, linearization or pruning left it: where its exported
/// <c>.pim</c> file is and what it costs on paper. Produced by an <see cref="Running.IVariantBuilder"/>.
/// </summary>
/// <param name="PimPath">The exported model the protocol runs.</param>
/// <param name="FloatTestAccuracy">The float model's accuracy on the whole test set (0..1).</param>
/// <param name="Relus">ReLUs kept.</param>
/// <param name="MaxPoolComparisons">Comparisons in max-pooling layers (0 with average pooling).</param>
/// <param name="Parameters">Weights and biases after pruning.</param>
/// <param name="Macs">Multiply-accumulates of one inference.</param>
public sealed record ModelVariant(string PimPath, double FloatTestAccuracy, long Relus, long MaxPoolComparisons, long Parameters, long Macs);
