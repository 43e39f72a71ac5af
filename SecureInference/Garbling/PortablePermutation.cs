using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>Fixed-key AES in portable managed code, for CPUs without AES instructions.</summary>
internal readonly struct PortablePermutation : IBlockPermutation
{
    public static Vector128<byte> Permute(Vector128<byte> x)
    {
        Span<byte> block = stackalloc byte[16];
        x.CopyTo(block);
        PortableAes.EncryptBlock(FixedKeyAes.RoundKeys, block);
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Permute2(ref Vector128<byte> a, ref Vector128<byte> b)
    {
        a = Permute(a);
        b = Permute(b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Permute4(ref Vector128<byte> a, ref Vector128<byte> b, ref Vector128<byte> c, ref Vector128<byte> d)
    {
        a = Permute(a);
        b = Permute(b);
        c = Permute(c);
        d = Permute(d);
    }
}
