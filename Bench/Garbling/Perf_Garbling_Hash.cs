using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using PiToolkit.SecureInference.Garbling;

namespace PiToolkit.Bench.Garbling;

/// <summary>
/// Cost of the garbling/OT hash per block, in the 4-wide batches the library uses: TMMO,
/// π(π(x) ⊕ i) ⊕ π(x) (two dependent AES calls, the library's hash), against the MMO^σ form it
/// replaced, π(σ(x) ⊕ i) ⊕ σ(x) (one AES call), which is kept here only as the baseline of this
/// measurement: it is not a proven tweakable hash and the library no longer uses it.
/// </summary>
public class Perf_Garbling_Hash
{
    private const int Blocks = 1 << 16;
    private static readonly Vector128<ulong> HighHalf = Vector128.Create(0UL, ulong.MaxValue);
    private readonly Vector128<byte>[] _blocks = new Vector128<byte>[Blocks];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (var i = 0; i < Blocks; i++) _blocks[i] = Vector128.Create((ulong)random.NextInt64(), (ulong)random.NextInt64()).AsByte();
    }

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
