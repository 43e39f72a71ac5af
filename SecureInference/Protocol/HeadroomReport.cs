using System.Collections.Immutable;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Worst-case magnitudes per step, propagated from the input bound through |W|·bound + |b|
/// (interval arithmetic, so it holds for every input within the bound), and what they imply.
/// </summary>
/// <param name="Layers">One entry per step: the largest magnitude it can reach against (p − 1)/2.</param>
/// <param name="MarginBits">The smallest margin of any step.</param>
/// <param name="TruncationFailureBound">
/// Upper bound on the probability that one local truncation (identity positions, truncation steps)
/// wraps around p: max over locally truncated values of |x|/p. Exact truncations inside the ReLU
/// circuit cannot fail.
/// </param>
public sealed record HeadroomReport(ImmutableArray<FieldHeadroom> Layers, double MarginBits, double TruncationFailureBound);
