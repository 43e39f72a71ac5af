using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers;

/// <summary>
/// Circuit privacy for the server's response by noise flooding (Gentry 2009; as in Gazelle and
/// Delphi). After homomorphic evaluation the ciphertext's noise e_comp depends on the server's
/// weights. We add, to every coefficient of c0, a fresh integer e_flood drawn uniformly from
/// [−2^(b−1), 2^(b−1)) with 2^b ≈ Δ/8 (Δ = ⌊q/t⌋). Decryption stays correct while
/// |e_comp| + Δ/16 &lt; Δ/2. Per coefficient the statistical distance between e_comp + e_flood and
/// e_flood alone is at most |e_comp|/2^b, so over N coefficients it is at most N·|e_comp|/2^b; with
/// SEAL's invariant noise budget β (|e_comp| ≈ Δ·2^−β) that is about N·2^(3−β). For 2^−40 at
/// N = 8192 the response needs β ≥ 56 bits before flooding, which Delphi's parameters (N = 8192,
/// 218-bit q, 41-bit t) leave after a LeNet- or ResNet-sized layer (tests check the budget).
/// SEAL has no API to add raw noise, so this works on the ciphertext's uncompressed serialization:
/// it rewrites c0's RNS residues (c0 + e_flood mod q_j) and the caller reloads it with SEAL's
/// validating load.
/// </summary>
internal static class NoiseFlooding
{
    // SEAL 4.1 layout of Ciphertext::save with compr_mode_type::none: SEALHeader (16 bytes), then
    // parms_id (32), is_ntt_form (1), size (8), poly_modulus_degree (8), coeff_modulus_size (8),
    // scale (8), correction_factor (8), then the DynArray's own SEALHeader (16), its count (8) and
    // the coefficients: polynomial-major, then RNS component, then coefficient.
    private const int NttFlagOffset = 48;
    private const int SizeOffset = 49;
    private const int DegreeOffset = 57;
    private const int ModulusCountOffset = 65;
    private const int CountOffset = 105;
    private const int DataOffset = 113;

    /// <summary>Bits of flooding noise for a context: b with 2^b ≤ Δ/8.</summary>
    public static int FloodingBits(SealContext context)
    {
        BigInteger delta = context.DataModulus / context.Parameters.PlainModulus;
        return (int)delta.GetBitLength() - 4;
    }

    /// <summary>Adds flooding noise to c0 of an uncompressed serialized ciphertext, in place.</summary>
    /// <exception cref="InvalidOperationException">The bytes are not a 2-polynomial, non-NTT ciphertext at the data level.</exception>
    public static void Flood(Span<byte> serialized, SealContext context)
    {
        var moduli = context.CoeffModulus;
        int n = context.Parameters.PolyModulusDegree;
        int levels = moduli.Length;
        if (serialized.Length < DataOffset
            || serialized[0] != 0x5E || serialized[1] != 0xA1 || serialized[5] != 0
            || serialized[NttFlagOffset] != 0
            || BinaryPrimitives.ReadUInt64LittleEndian(serialized[SizeOffset..]) != 2
            || BinaryPrimitives.ReadUInt64LittleEndian(serialized[DegreeOffset..]) != (ulong)n
            || BinaryPrimitives.ReadUInt64LittleEndian(serialized[ModulusCountOffset..]) != (ulong)levels
            || BinaryPrimitives.ReadUInt64LittleEndian(serialized[CountOffset..]) != (ulong)(2 * n * levels)
            || serialized.Length != DataOffset + 2 * n * levels * sizeof(ulong))
            throw new InvalidOperationException("Noise flooding expects an uncompressed, fresh-level BFV ciphertext of size 2.");

        int bits = FloodingBits(context);
        int words = (bits + 63) / 64;
        ulong topMask = bits % 64 == 0 ? ulong.MaxValue : (1UL << (bits % 64)) - 1;
        BigInteger half = BigInteger.One << (bits - 1);
        var offsets = new ulong[levels];
        for (int j = 0; j < levels; j++)
            offsets[j] = (ulong)(half % moduli[j]);

        ulong[] random = new ulong[n * words];
        try
        {
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(random.AsSpan()));
            Span<byte> c0 = serialized.Slice(DataOffset, n * levels * sizeof(ulong));
            for (int k = 0; k < n; k++)
            {
                ReadOnlySpan<ulong> u = random.AsSpan(k * words, words);
                for (int j = 0; j < levels; j++)
                {
                    ulong q = moduli[j];
                    // e = U − 2^(b−1) with U uniform in [0, 2^b): reduce U mod q by Horner over 64-bit words.
                    UInt128 r = 0;
                    for (int w = words - 1; w >= 0; w--)
                    {
                        ulong word = w == words - 1 ? u[w] & topMask : u[w];
                        r = ((r << 64) | word) % q;
                    }
                    ulong e = (ulong)((r + q - offsets[j]) % q);
                    Span<byte> slot = c0.Slice((j * n + k) * sizeof(ulong), sizeof(ulong));
                    ulong c = BinaryPrimitives.ReadUInt64LittleEndian(slot);
                    BinaryPrimitives.WriteUInt64LittleEndian(slot, (ulong)(((UInt128)c + e) % q));
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(random.AsSpan()));
        }
    }
}
