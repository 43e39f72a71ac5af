using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// Turns weighted output wires into an additive share mod p without decoding bits. For a wire with
/// labels L0, L1 = L0 ⊕ Δ and weight ω, each label has the value V(L) = H(L) + lsb(L)·c mod p, with H
/// the tweakable hash (domain 2) reduced from 128 bits (bias at most p/2^128) and c a per-wire correction
/// the garbler sends so that V(L1) − V(L0) = ω. The evaluator sums V over its labels; the garbler
/// knows M = Σ V(L0) and sends δ = C − r − M, so the evaluator ends with Σ bit·ω + C − r. The
/// correction is a one-time pad under the hash of the label the evaluator does not hold, as in
/// garbled-label-to-arithmetic conversions. Costs one ≤ 8-byte word per weighted wire, no AND gates.
/// </summary>
internal static class ArithmeticOutputs
{
    public const ulong HashDomain = 2;

    /// <summary>
    /// Garbler: corrections[k·n + j] for output k of copy j, and masks[j] = δ_j given rMasks[j].
    /// </summary>
    public static void Garble(ShareCircuit circuit, int copies, ReadOnlySpan<Label> zeroLabels, Label delta,
        ulong tweakBase, ReadOnlySpan<ulong> rMasks, Span<ulong> corrections, Span<ulong> deltas)
    {
        var outputs = circuit.Outputs;
        var field = circuit.Field;
        var count = outputs.Length * copies;
        var h0 = new Vector128<byte>[count];
        var h1 = new Vector128<byte>[count];
        for (var k = 0; k < outputs.Length; k++)
        {
            for (var j = 0; j < copies; j++)
            {
                var zero = zeroLabels[outputs[k].Wire * copies + j];
                h0[k * copies + j] = zero.AsVector();
                h1[k * copies + j] = (zero ^ delta).AsVector();
            }
        }
        TweakableHash.HashMany(h0, tweakBase, 1, HashDomain);
        TweakableHash.HashMany(h1, tweakBase, 1, HashDomain);
        var sums = new UInt128[copies];
        for (var k = 0; k < outputs.Length; k++)
        {
            var weight = field.Reduce(outputs[k].Weight);
            for (var j = 0; j < copies; j++)
            {
                var index = k * copies + j;
                var v0 = Reduce(h0[index], field);
                var v1 = Reduce(h1[index], field);
                ulong c, m;
                if (!zeroLabels[outputs[k].Wire * copies + j].PermuteBit)
                {
                    c = field.Sub(field.Add(v0, weight), v1);
                    m = v0;
                }
                else
                {
                    c = field.Sub(field.Sub(v1, v0), weight);
                    m = field.Sub(v1, weight);
                }
                corrections[index] = c;
                sums[j] += m;
            }
        }
        for (var j = 0; j < copies; j++)
        {
            var m = field.Reduce(sums[j]);
            deltas[j] = field.Sub(field.Sub(field.Reduce(circuit.Constant), field.Reduce(rMasks[j])), m);
        }
        h0.AsSpan().Clear();
        h1.AsSpan().Clear();
    }

    /// <summary>Evaluator: results[j] = Σ_k V(label) + δ_j mod p.</summary>
    public static void Evaluate(ShareCircuit circuit, int copies, ReadOnlySpan<Label> labels, ulong tweakBase,
        ReadOnlySpan<ulong> corrections, ReadOnlySpan<ulong> deltas, Span<ulong> results)
    {
        var outputs = circuit.Outputs;
        var field = circuit.Field;
        var h = new Vector128<byte>[outputs.Length * copies];
        for (var k = 0; k < outputs.Length; k++)
        {
            for (var j = 0; j < copies; j++)
            {
                h[k * copies + j] = labels[outputs[k].Wire * copies + j].AsVector();
            }
        }
        TweakableHash.HashMany(h, tweakBase, 1, HashDomain);
        var sums = new UInt128[copies];
        for (var k = 0; k < outputs.Length; k++)
        {
            for (var j = 0; j < copies; j++)
            {
                var index = k * copies + j;
                var v = Reduce(h[index], field);
                sums[j] += labels[outputs[k].Wire * copies + j].PermuteBit ? field.Add(v, field.Reduce(corrections[index])) : v;
            }
        }
        for (var j = 0; j < copies; j++)
        {
            results[j] = field.Add(field.Reduce(sums[j]), field.Reduce(deltas[j]));
        }
    }

    // The hash output read as a 128-bit integer and reduced mod p: statistical distance from uniform
    // at most p/2^128 (2^-87 for Delphi's prime, 2^-66 for the largest field).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Reduce(Vector128<byte> h, PrimeField field)
    {
        var u = h.AsUInt64();
        return field.Reduce(u.GetElement(1), u.GetElement(0));
    }
}
