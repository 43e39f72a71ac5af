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

    /// <summary>The largest |x| of any (normalised) input value; the worst-case headroom check starts from it.</summary>
    public double InputBound { get; init; } = 4.0;

    /// <summary>
    /// Normalised sample inputs (e.g. training images). When given, headroom is checked on the
    /// magnitudes these inputs actually reach at every step, times 2^<see cref="CalibrationMarginBits"/>,
    /// instead of the worst case over every input within <see cref="InputBound"/>. The worst case
    /// compounds Σ|w| layer after layer and exceeds any practical p for deep networks (ResNet-20 at
    /// Delphi's p needs 2^42 at f = 8), while the values real inputs reach stay far below it; this is
    /// how Delphi and its successors pick their fixed-point parameters. An input far outside the
    /// calibration set can then wrap around p: the protocol does not detect that, so the margin matters.
    /// </summary>
    public IReadOnlyList<float[]>? Calibration { get; init; }

    /// <summary>
    /// Safety factor of calibrated headroom, in bits (at least 1): observed magnitudes are multiplied by
    /// 2^this. One bit is also what lets calibration see a value that wrapped around p (it looks like a
    /// random residue, of magnitude above p/4 with probability ½ each).
    /// </summary>
    public int CalibrationMarginBits { get; init; } = 4;
}
