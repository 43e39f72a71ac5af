using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>How a model is quantized into the field.</summary>
public sealed record CompileOptions
{
    /// <summary>Fractional bits f used when none are given: Delphi's 8, which the ReLU circuit supports at Delphi's prime (2^37 divides p − 1).</summary>
    public const int DefaultFractionalBits = 8;

    /// <summary>The field of all shares (default Delphi's p = 2061584302081, 41 bits).</summary>
    public PrimeField Field { get; init; } = PrimeField.Delphi;

    /// <summary>Fractional bits f of inputs, activations and weights.</summary>
    public int FractionalBits { get; init; } = DefaultFractionalBits;

    /// <summary>The largest |x| of any (normalised) input value; the headroom check starts from it.</summary>
    public double InputBound { get; init; } = 4.0;
}
