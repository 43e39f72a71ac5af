namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>The encoding chosen for one layer, with both estimates (seconds, one core), for the per-layer report.</summary>
/// <param name="Encoding">The chosen encoding (never <see cref="HomomorphicEncoding.Auto"/>).</param>
/// <param name="SlotSeconds">Estimated cost with slot encoding, Galois keys for the layer's steps included.</param>
/// <param name="CoefficientSeconds">Estimated cost with coefficient encoding.</param>
/// <param name="Requested">What was asked for.</param>
public sealed record EncodingChoice(HomomorphicEncoding Encoding, double SlotSeconds, double CoefficientSeconds, HomomorphicEncoding Requested)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Encoding.ToString().ToLowerInvariant()} ({(Requested == HomomorphicEncoding.Auto ? "auto" : "forced")}; "
        + $"estimated slots {SlotSeconds * 1e3:F0} ms, coefficient {CoefficientSeconds * 1e3:F0} ms)";
}
