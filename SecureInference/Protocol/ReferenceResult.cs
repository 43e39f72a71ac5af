using System.Collections.Immutable;
using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// The cleartext reference's answer for one input: the output residues, and for each one how far
/// the protocol's output may lie from it because of local truncations (0 where the protocol is
/// deterministic, i.e. every truncation on the way was exact).
/// </summary>
/// <param name="Output">The logits as residues mod p at the plan's output scale.</param>
/// <param name="ErrorBound">Per logit: the protocol's output X satisfies |X − Output| ≤ ErrorBound (as signed values), barring a wrap-around (probability ≤ |x|/p per local truncation).</param>
/// <param name="Logits">The output decoded to real values.</param>
public sealed record ReferenceResult(ImmutableArray<ulong> Output, ImmutableArray<double> ErrorBound, ImmutableArray<double> Logits)
{
    /// <summary>Whether a protocol output lies within the stated bound of this reference (exactly equal where the bound is 0).</summary>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public bool Admits(ReadOnlySpan<ulong> protocolOutput, PrimeField field)
    {
        if (protocolOutput.Length != Output.Length)
            throw new ArgumentException($"Expected {Output.Length} values, got {protocolOutput.Length}.", nameof(protocolOutput));
        for (int i = 0; i < protocolOutput.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(field);
            long difference = field.ToSigned(field.Sub(protocolOutput[i], Output[i]));
            if (Math.Abs((double)difference) > ErrorBound[i])
                return false;
        }
        return true;
    }
}
