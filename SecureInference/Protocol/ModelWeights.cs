using System.Collections.Immutable;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// The server's secret part of a compiled model: for every <see cref="LinearStep"/>, its quantized
/// weights (f fractional bits) and biases (at the step's output scale), as residues mod p.
/// </summary>
public sealed class ModelWeights
{
    private readonly ImmutableDictionary<int, (ulong[] Weights, ulong[] Bias)> _layers;

    internal ModelWeights(ImmutableDictionary<int, (ulong[] Weights, ulong[] Bias)> layers) => _layers = layers;

    /// <summary>Weights of the linear step at <paramref name="stepIndex"/> ([O, C, kh, kw] or [outputs, inputs]).</summary>
    /// <exception cref="KeyNotFoundException">The step is not a linear step of this model.</exception>
    public ReadOnlySpan<ulong> Weights(int stepIndex) => _layers[stepIndex].Weights;

    /// <summary>Biases of the linear step at <paramref name="stepIndex"/>, one per output value.</summary>
    /// <exception cref="KeyNotFoundException">The step is not a linear step of this model.</exception>
    public ReadOnlySpan<ulong> Bias(int stepIndex) => _layers[stepIndex].Bias;
}
