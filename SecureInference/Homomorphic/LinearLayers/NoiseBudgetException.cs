namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// A homomorphic linear layer's response would carry more noise than flooding can hide at the
/// statistical security level: the bound from the layer plan (<see cref="ResponseNoiseBound"/>)
/// leaves fewer bits than flooding needs. Split the layer, use a larger N or a smaller plaintext
/// modulus; the server never sends such a response.
/// </summary>
public sealed class NoiseBudgetException : InvalidOperationException
{
    /// <summary>Creates the error for <paramref name="layer"/>.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="bound">The computed bound.</param>
    public NoiseBudgetException(string layer, ResponseNoiseBound bound)
        : base($"Layer '{layer}': the response noise may reach 2^{bound.NoiseBits:F1}, but flooding with 2^{bound.FloodingBits} "
            + $"hides at most 2^{bound.AllowedNoiseBits:F1} at σ = {bound.StatisticalSecurity}; {-bound.MarginBits:F1} bits short "
            + "(split the layer, or use a larger N or a smaller plaintext modulus).")
    {
        ArgumentNullException.ThrowIfNull(bound);
        Layer = layer;
        Bound = bound;
    }

    /// <summary>The layer's name.</summary>
    public string Layer { get; }

    /// <summary>The bound that failed.</summary>
    public ResponseNoiseBound Bound { get; }

    /// <summary>How many bits the layer is short (positive).</summary>
    public double BitsShort => -Bound.MarginBits;
}
