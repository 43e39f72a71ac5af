using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// Turns weighted output wires into an additive share mod p without decoding bits. For a wire with
/// labels L0, L1 = L0 ⊕ Δ and weight ω, each label has the value V(L) = H(L) + lsb(L)·c mod p, with H
/// the tweakable hash (domain 2) reduced from 128 bits (bias &lt; 2^-80) and c a per-wire correction
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
        var p = circuit.Modulus;
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
            var weight = outputs[k].Weight % p;
            for (var j = 0; j < copies; j++)
            {
                var index = k * copies + j;
                var v0 = Reduce(h0[index], p);
                var v1 = Reduce(h1[index], p);
                ulong c, m;
                if (!zeroLabels[outputs[k].Wire * copies + j].PermuteBit)
                {
                    c = Sub(Add(v0, weight, p), v1, p);
                    m = v0;
                }
                else
                {
                    c = Sub(Sub(v1, v0, p), weight, p);
                    m = Sub(v1, weight, p);
                }
                corrections[index] = c;
                sums[j] += m;
            }
        }
        for (var j = 0; j < copies; j++)
        {
            var m = (ulong)(sums[j] % p);
            deltas[j] = Sub(Sub(circuit.Constant % p, rMasks[j] % p, p), m, p);
        }
        h0.AsSpan().Clear();
        h1.AsSpan().Clear();
    }

    /// <summary>Evaluator: results[j] = Σ_k V(label) + δ_j mod p.</summary>
    public static void Evaluate(ShareCircuit circuit, int copies, ReadOnlySpan<Label> labels, ulong tweakBase,
        ReadOnlySpan<ulong> corrections, ReadOnlySpan<ulong> deltas, Span<ulong> results)
    {
        var outputs = circuit.Outputs;
        var p = circuit.Modulus;
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
                var v = Reduce(h[index], p);
                sums[j] += labels[outputs[k].Wire * copies + j].PermuteBit ? Add(v, corrections[index] % p, p) : v;
            }
        }
        for (var j = 0; j < copies; j++)
        {
            results[j] = Add((ulong)(sums[j] % p), deltas[j] % p, p);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Reduce(Vector128<byte> h, ulong p)
    {
        var u = h.AsUInt64();
        return (ulong)(new UInt128(u.GetElement(1), u.GetElement(0)) % p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Add(ulong x, ulong y, ulong p)
    {
        var s = x + y;
        return s >= p ? s - p : s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Sub(ulong x, ulong y, ulong p) => x >= y ? x - y : x + p - y;
}
