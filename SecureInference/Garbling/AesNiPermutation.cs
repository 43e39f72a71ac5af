using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>Fixed-key AES with AES-NI; independent blocks are interleaved round by round to fill the pipeline.</summary>
internal readonly struct AesNiPermutation : IBlockPermutation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Permute(Vector128<byte> x)
    {
        x ^= FixedKeyAes.K0;
        x = X86Aes.Encrypt(x, FixedKeyAes.K1);
        x = X86Aes.Encrypt(x, FixedKeyAes.K2);
        x = X86Aes.Encrypt(x, FixedKeyAes.K3);
        x = X86Aes.Encrypt(x, FixedKeyAes.K4);
        x = X86Aes.Encrypt(x, FixedKeyAes.K5);
        x = X86Aes.Encrypt(x, FixedKeyAes.K6);
        x = X86Aes.Encrypt(x, FixedKeyAes.K7);
        x = X86Aes.Encrypt(x, FixedKeyAes.K8);
        x = X86Aes.Encrypt(x, FixedKeyAes.K9);
        return X86Aes.EncryptLast(x, FixedKeyAes.K10);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Permute2(ref Vector128<byte> a, ref Vector128<byte> b)
    {
        var k = FixedKeyAes.K0;
        Vector128<byte> x = a ^ k, y = b ^ k;
        k = FixedKeyAes.K1; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K2; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K3; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K4; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K5; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K6; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K7; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K8; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K9; x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k);
        k = FixedKeyAes.K10; a = X86Aes.EncryptLast(x, k); b = X86Aes.EncryptLast(y, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Permute4(ref Vector128<byte> a, ref Vector128<byte> b, ref Vector128<byte> c, ref Vector128<byte> d)
    {
        var k = FixedKeyAes.K0;
        Vector128<byte> w = a ^ k, x = b ^ k, y = c ^ k, z = d ^ k;
        k = FixedKeyAes.K1; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K2; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K3; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K4; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K5; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K6; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K7; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K8; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K9; w = X86Aes.Encrypt(w, k); x = X86Aes.Encrypt(x, k); y = X86Aes.Encrypt(y, k); z = X86Aes.Encrypt(z, k);
        k = FixedKeyAes.K10;
        a = X86Aes.EncryptLast(w, k); b = X86Aes.EncryptLast(x, k); c = X86Aes.EncryptLast(y, k); d = X86Aes.EncryptLast(z, k);
    }
}
