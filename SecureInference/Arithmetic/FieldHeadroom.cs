using System.Numerics;

namespace PiToolkit.SecureInference.Arithmetic;

/// <summary>
/// The largest magnitude a layer can reach against the largest the field represents, (p − 1)/2.
/// A value beyond it wraps around mod p and reads back with the wrong sign, silently.
/// </summary>
/// <param name="Layer">The layer's name.</param>
/// <param name="LargestMagnitude">The largest |value| the layer can produce, in field units.</param>
/// <param name="Limit">(p − 1)/2.</param>
public sealed record FieldHeadroom(string Layer, BigInteger LargestMagnitude, BigInteger Limit)
{
    /// <summary>Whether every value the layer can produce is represented without wrapping.</summary>
    public bool Fits => LargestMagnitude <= Limit;

    /// <summary>
    /// log2(Limit / LargestMagnitude): how many more bits the values could grow before wrapping
    /// (negative when they already do not fit; +∞ for a layer that only produces zero).
    /// </summary>
    public double MarginBits => LargestMagnitude.IsZero
        ? double.PositiveInfinity
        : BigInteger.Log(Limit, 2) - BigInteger.Log(LargestMagnitude, 2);

    /// <summary>Throws unless the layer fits.</summary>
    /// <exception cref="InvalidOperationException">The layer can reach a magnitude above (p − 1)/2; the message names it and the shortfall in bits.</exception>
    public void EnsureFits()
    {
        if (!Fits)
            throw new InvalidOperationException(
                $"Layer '{Layer}' can reach magnitude 2^{BigInteger.Log(LargestMagnitude, 2):F1}, {-MarginBits:F1} bits above the field's limit (p−1)/2 = 2^{BigInteger.Log(Limit, 2):F1}; use fewer fractional bits or a larger prime.");
    }

    /// <summary>One line for reports.</summary>
    public override string ToString() => $"{Layer}: margin {MarginBits:F1} bits{(Fits ? "" : " (does not fit)")}";
}
