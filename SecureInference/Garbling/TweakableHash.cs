using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// The tweakable circular-correlation-robust hash of Guo, Katz, Wang, Yu (S&amp;P 2020, "Efficient and
/// secure multiparty computation from fixed-key block ciphers"): H(x, i) = π(σ(x) ⊕ i) ⊕ σ(x), with π
/// fixed-key AES and σ(x_L ‖ x_R) = (x_L ⊕ x_R) ‖ x_L a linear orthomorphism. One AES call per hash;
/// the tweak i must never repeat under one Δ (callers use a running counter).
/// </summary>
internal static class TweakableHash
{
    private static readonly Vector128<ulong> HighHalf = Vector128.Create(0UL, ulong.MaxValue);

    /// <summary>σ(x): low half becomes x's high half, high half becomes low ⊕ high. Linear, so σ(x ⊕ Δ) = σ(x) ⊕ σ(Δ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Sigma(Vector128<byte> x)
    {
        var u = x.AsUInt64();
        var swapped = Vector128.Shuffle(u, Vector128.Create(1UL, 0UL));
        return (swapped ^ (u & HighHalf)).AsByte();
    }

    /// <summary>The tweak i as a block (i in the low 64 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Tweak(ulong i) => Vector128.CreateScalar(i).AsByte();

    /// <summary>The tweak (i, domain): i in the low 64 bits, a domain separator in the high 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Tweak(ulong i, ulong domain) => Vector128.Create(i, domain).AsByte();

    /// <summary>Hashes blocks in place on the AES path this async flow uses.</summary>
    public static void HashMany(Span<Vector128<byte>> blocks, ulong firstTweak, ulong stride, ulong domain)
    {
        if (FixedKeyAes.UsesHardware)
        {
            HashMany<AesNiPermutation>(blocks, firstTweak, stride, domain);
        }
        else
        {
            HashMany<PortablePermutation>(blocks, firstTweak, stride, domain);
        }
    }

    /// <summary>All-ones when x's point-and-permute bit is set, else zero.</summary>
    // 0 − 1 wrapping to all ones is the branch-free mask, hence unchecked. (Tweak counters, in
    // contrast, stay checked: a wrapped tweak would repeat one and break the hash's security.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> LsbMask(Vector128<byte> x) =>
        Vector128.Create(unchecked(0UL - (x.AsUInt64().ToScalar() & 1))).AsByte();

    /// <summary>Hashes blocks in place, H(x_k, (firstTweak + k·stride, domain)), four at a time.</summary>
    public static void HashMany<TPerm>(Span<Vector128<byte>> blocks, ulong firstTweak, ulong stride, ulong domain = 0)
        where TPerm : struct, IBlockPermutation
    {
        var k = 0;
        var tweak = firstTweak;
        for (; k + 4 <= blocks.Length; k += 4)
        {
            Vector128<byte> s0 = Sigma(blocks[k]), s1 = Sigma(blocks[k + 1]), s2 = Sigma(blocks[k + 2]), s3 = Sigma(blocks[k + 3]);
            Vector128<byte> h0 = s0 ^ Tweak(tweak, domain), h1 = s1 ^ Tweak(tweak + stride, domain),
                h2 = s2 ^ Tweak(tweak + 2 * stride, domain), h3 = s3 ^ Tweak(tweak + 3 * stride, domain);
            TPerm.Permute4(ref h0, ref h1, ref h2, ref h3);
            blocks[k] = h0 ^ s0;
            blocks[k + 1] = h1 ^ s1;
            blocks[k + 2] = h2 ^ s2;
            blocks[k + 3] = h3 ^ s3;
            tweak += 4 * stride;
        }
        for (; k < blocks.Length; k++, tweak += stride)
        {
            var s = Sigma(blocks[k]);
            blocks[k] = TPerm.Permute(s ^ Tweak(tweak, domain)) ^ s;
        }
    }
}
