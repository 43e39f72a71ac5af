namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>Which packing a linear layer's offline step uses (<c>--he-encoding</c>).</summary>
public enum HomomorphicEncoding
{
    /// <summary>Per layer, the cheaper one by <see cref="HomomorphicCostModel"/>.</summary>
    Auto,

    /// <summary>Coefficient encoding (<see cref="CoefficientLinearPlan"/>): multiply_plain only, no Galois keys.</summary>
    Coefficient,

    /// <summary>Slot (batching) encoding (<see cref="LinearLayerPlan"/>): Gazelle-style rotations.</summary>
    Slots,
}
