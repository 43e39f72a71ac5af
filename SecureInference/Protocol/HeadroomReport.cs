using System.Collections.Immutable;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Magnitudes per step and what they imply. Worst case (the default): propagated from the input bound
/// through |W|·bound + |b| (interval arithmetic, so it holds for every input within the bound).
/// Calibrated (<see cref="CompileOptions.Calibration"/>): the largest magnitude sample inputs reach,
/// times the safety factor, which holds for inputs like the samples.
/// </summary>
/// <param name="Layers">One entry per step: the largest magnitude it can reach against (p − 1)/2.</param>
/// <param name="MarginBits">The smallest margin of any step.</param>
/// <param name="TruncationFailureBound">
/// Upper bound on the probability that one local truncation (identity positions, truncation steps)
/// wraps around p: max over locally truncated values of |x|/p. Exact truncations inside the ReLU
/// circuit cannot fail.
/// </param>
/// <param name="Basis">How the magnitudes were found: "worst case" or "calibrated on N inputs ×2^k".</param>
public sealed record HeadroomReport(ImmutableArray<FieldHeadroom> Layers, double MarginBits, double TruncationFailureBound, string Basis);
