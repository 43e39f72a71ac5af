using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Circuits;
using PiToolkit.SecureInference.Garbling;

namespace PiToolkit.Bench.Garbling;

/// <summary>
/// Cost of the garbling/OT hash per block, in the 4-wide batches the library uses: TMMO,
/// π(π(x) ⊕ i) ⊕ π(x) (two dependent AES calls, the library's hash), against the MMO^σ form it
/// replaced, π(σ(x) ⊕ i) ⊕ σ(x) (one AES call), which is kept here only as the baseline of this
/// measurement: it is not a proven tweakable hash and the library no longer uses it. Per hashed
/// block, and per garbled AND gate (lock step, as in ReLU batches).
/// </summary>
public class Perf_Garbling_Hash
{
    private const int Blocks = 1 << 16;
    private static readonly Vector128<ulong> HighHalf = Vector128.Create(0UL, ulong.MaxValue);
    private readonly Vector128<byte>[] _blocks = new Vector128<byte>[Blocks];

    private const int Gates = 1 << 14;
    private readonly Circuit _and = new(3, [1, 1], [new Gate(GateKind.And, 0, 1, 2)], [[2]]);
    private readonly Label[] _wires = new Label[3 * Gates];
    private readonly Label[] _tables = new Label[2 * Gates];
    private Label _delta;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (var i = 0; i < Blocks; i++) _blocks[i] = Vector128.Create((ulong)random.NextInt64(), (ulong)random.NextInt64()).AsByte();
        for (var i = 0; i < 2 * Gates; i++) _wires[i] = new Label((ulong)random.NextInt64(), (ulong)random.NextInt64());
        _delta = new Label((ulong)random.NextInt64() | 1, (ulong)random.NextInt64());
    }

    /// <summary>
    /// 16,384 independent AND gates garbled in lock step with the previous hash: the loop of
    /// HalfGates before issue 10 (σ is linear, so H(a0 ⊕ Δ) reuses σ(a0) ⊕ σ(Δ): four AES calls per gate).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Gates)]
    public void Garble_AND_previous_MMO_sigma()
    {
        var wires = MemoryMarshal.Cast<Label, Vector128<byte>>(_wires.AsSpan());
        var tables = MemoryMarshal.Cast<Label, Vector128<byte>>(_tables.AsSpan());
        var delta = _delta.AsVector();
        var sigmaDelta = Sigma(delta);
        ulong tweak = 0;
        for (var k = 0; k < Gates; k++, tweak += 2)
        {
            var a0 = wires[k];
            var b0 = wires[Gates + k];
            Vector128<byte> sa0 = Sigma(a0), sb0 = Sigma(b0);
            Vector128<byte> sa1 = sa0 ^ sigmaDelta, sb1 = sb0 ^ sigmaDelta;
            Vector128<byte> tj = TweakableHash.Tweak(tweak), tk = TweakableHash.Tweak(tweak + 1);
            Vector128<byte> ha0 = sa0 ^ tj, ha1 = sa1 ^ tj, hb0 = sb0 ^ tk, hb1 = sb1 ^ tk;
            AesNiPermutation.Permute4(ref ha0, ref ha1, ref hb0, ref hb1);
            ha0 ^= sa0;
            ha1 ^= sa1;
            hb0 ^= sb0;
            hb1 ^= sb1;
            var pa = TweakableHash.LsbMask(a0);
            var pb = TweakableHash.LsbMask(b0);
            var tg = ha0 ^ ha1 ^ (pb & delta);
            var te = hb0 ^ hb1 ^ a0;
            wires[2 * Gates + k] = ha0 ^ (pa & tg) ^ hb0 ^ (pb & (te ^ a0));
            tables[2 * k] = tg;
            tables[2 * k + 1] = te;
        }
    }

    /// <summary>The same 16,384 AND gates through the library's HalfGates (TMMO: eight AES calls per gate).</summary>
    [Benchmark(OperationsPerInvoke = Gates)]
    public void Garble_AND_TMMO() => HalfGates.GarbleBatch(_and, 0, 1, Gates, _wires, _delta, 0, _tables);

    [Benchmark(Baseline = true, OperationsPerInvoke = Blocks)]
    public void Previous_MMO_sigma_one_AES_call()
    {
        var blocks = _blocks.AsSpan();
        ulong tweak = 0;
        for (var k = 0; k + 4 <= blocks.Length; k += 4, tweak += 4)
        {
            Vector128<byte> s0 = Sigma(blocks[k]), s1 = Sigma(blocks[k + 1]), s2 = Sigma(blocks[k + 2]), s3 = Sigma(blocks[k + 3]);
            Vector128<byte> h0 = s0 ^ TweakableHash.Tweak(tweak), h1 = s1 ^ TweakableHash.Tweak(tweak + 1),
                h2 = s2 ^ TweakableHash.Tweak(tweak + 2), h3 = s3 ^ TweakableHash.Tweak(tweak + 3);
            AesNiPermutation.Permute4(ref h0, ref h1, ref h2, ref h3);
            blocks[k] = h0 ^ s0;
            blocks[k + 1] = h1 ^ s1;
            blocks[k + 2] = h2 ^ s2;
            blocks[k + 3] = h3 ^ s3;
        }
    }

    [Benchmark(OperationsPerInvoke = Blocks)]
    public void TMMO_two_AES_calls() => TweakableHash.HashMany<AesNiPermutation>(_blocks, 0, 1, 0);

    private static Vector128<byte> Sigma(Vector128<byte> x)
    {
        var u = x.AsUInt64();
        var swapped = Vector128.Shuffle(u, Vector128.Create(1UL, 0UL));
        return (swapped ^ (u & HighHalf)).AsByte();
    }
}
