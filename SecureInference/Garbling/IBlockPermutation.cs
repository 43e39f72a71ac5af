using System.Runtime.Intrinsics;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// The fixed-key AES permutation π, implemented once with AES instructions and once in portable code.
/// Hot loops are generic over a struct implementing this, so the JIT specialises and inlines each path.
/// </summary>
internal interface IBlockPermutation
{
    /// <summary>π on one block.</summary>
    static abstract Vector128<byte> Permute(Vector128<byte> x);

    /// <summary>π on two independent blocks (pipelined where the hardware allows).</summary>
    static abstract void Permute2(ref Vector128<byte> a, ref Vector128<byte> b);

    /// <summary>π on four independent blocks (pipelined where the hardware allows).</summary>
    static abstract void Permute4(ref Vector128<byte> a, ref Vector128<byte> b, ref Vector128<byte> c, ref Vector128<byte> d);
}
