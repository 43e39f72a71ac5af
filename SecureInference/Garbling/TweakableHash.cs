using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// The tweakable circular-correlation-robust hash TMMO of Guo, Katz, Wang, Yu ("Efficient and secure
/// multiparty computation from fixed-key block ciphers", S&amp;P 2020, ePrint 2019/074):
/// H(x, i) = π(π(x) ⊕ i) ⊕ π(x), with π fixed-key AES-128 (<see cref="FixedKeyAes"/>). Two AES calls
/// per hash. The tweak i must never repeat under one Δ (callers use a running counter).
/// </summary>
/// <remarks>
/// This replaced MMO^σ with the tweak inside, π(σ(x) ⊕ i) ⊕ σ(x), which that paper proves correlation
/// robust only without a tweak. With one, two queries (x, i) and (x', i') with σ(x) ⊕ i = σ(x') ⊕ i'
/// reach π at the same point under any Δ (σ is linear), so the two answers XOR to the public
/// σ(x) ⊕ σ(x'): a two-query distinguisher. TMMO feeds the tweak in after a first π call, which is not
/// linear, so no choice of inputs and tweaks lines two Δ-shifted queries up. The price is a second,
/// dependent AES call per hash; the batched paths keep four independent blocks in flight at each of
/// the two levels. (The re-keyed alternative of Guo, Katz, Wang, Weng, Yu, Crypto 2020, needs an AES
/// key schedule per tweak, which costs more than a second call here.)
/// </remarks>
internal static class TweakableHash
{
    /// <summary>The tweak i as a block (i in the low 64 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Tweak(ulong i) => Vector128.CreateScalar(i).AsByte();

    /// <summary>The tweak (i, domain): i in the low 64 bits, a domain separator in the high 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Tweak(ulong i, ulong domain) => Vector128.Create(i, domain).AsByte();

    /// <summary>H(x, tweak) = π(π(x) ⊕ tweak) ⊕ π(x) on one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Hash<TPerm>(Vector128<byte> x, Vector128<byte> tweak)
        where TPerm : struct, IBlockPermutation
    {
        var p = TPerm.Permute(x);
        return TPerm.Permute(p ^ tweak) ^ p;
    }

    /// <summary>H on two independent blocks, both AES levels pipelined.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Hash2<TPerm>(ref Vector128<byte> a, Vector128<byte> ta, ref Vector128<byte> b, Vector128<byte> tb)
        where TPerm : struct, IBlockPermutation
    {
        TPerm.Permute2(ref a, ref b);
        Vector128<byte> pa = a, pb = b;
        a ^= ta;
        b ^= tb;
        TPerm.Permute2(ref a, ref b);
        a ^= pa;
        b ^= pb;
    }

    /// <summary>H on four independent blocks, both AES levels pipelined.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Hash4<TPerm>(ref Vector128<byte> a, Vector128<byte> ta, ref Vector128<byte> b, Vector128<byte> tb,
        ref Vector128<byte> c, Vector128<byte> tc, ref Vector128<byte> d, Vector128<byte> td)
        where TPerm : struct, IBlockPermutation
    {
        TPerm.Permute4(ref a, ref b, ref c, ref d);
        Vector128<byte> pa = a, pb = b, pc = c, pd = d;
        a ^= ta;
        b ^= tb;
        c ^= tc;
        d ^= td;
        TPerm.Permute4(ref a, ref b, ref c, ref d);
        a ^= pa;
        b ^= pb;
        c ^= pc;
        d ^= pd;
    }

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
            Vector128<byte> h0 = blocks[k], h1 = blocks[k + 1], h2 = blocks[k + 2], h3 = blocks[k + 3];
            Hash4<TPerm>(ref h0, Tweak(tweak, domain), ref h1, Tweak(tweak + stride, domain),
                ref h2, Tweak(tweak + 2 * stride, domain), ref h3, Tweak(tweak + 3 * stride, domain));
            blocks[k] = h0;
            blocks[k + 1] = h1;
            blocks[k + 2] = h2;
            blocks[k + 3] = h3;
            tweak += 4 * stride;
        }
        for (; k < blocks.Length; k++, tweak += stride)
        {
            blocks[k] = Hash<TPerm>(blocks[k], Tweak(tweak, domain));
        }
    }
}
