using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;

/// <summary>
/// Plaintexts with given coefficients, and the coefficients of a decrypted plaintext. node-seal 7
/// exposes no coefficient setter or getter for <c>Plaintext</c> (only batch encoding, and a
/// constructor from sizes), so this goes through SEAL's own serialization: a plaintext is written in
/// SEAL 4.1's uncompressed layout and loaded with the validating <c>load</c> (coefficients must be
/// below t), and a decrypted one is saved and parsed. Both are one bulk copy of 8·N bytes, far below
/// a multiply_plain (measured: ~0.1 ms against ~1 ms at N = 8192).
/// </summary>
internal static class CoefficientCodec
{
    // SEAL 4.1 Plaintext::save, compr_mode_type::none: SEALHeader (16: magic 0xA15E, header size,
    // version major, minor, compression, reserved, total size), parms_id (32, zero = coefficient
    // form), coeff_count (8), scale (8), then the DynArray's own SEALHeader (16), its count (8) and
    // the coefficients.
    private const int SizeOffset = 8;
    private const int CoeffCountOffset = 48;
    private const int ScaleOffset = 56;
    private const int ArrayHeaderOffset = 64;
    private const int ArrayCountOffset = 80;
    private const int DataOffset = 88;

    /// <summary>A plaintext whose first coefficients are <paramref name="coefficients"/> (residues below t), the rest zero.</summary>
    public static Plaintext Encode(SealContext context, ReadOnlySpan<ulong> coefficients)
    {
        int n = context.Parameters.PolyModulusDegree;
        if (coefficients.Length > n)
            throw new ArgumentException($"{coefficients.Length} coefficients do not fit N = {n}.", nameof(coefficients));
        byte[] bytes = new byte[DataOffset + n * sizeof(ulong)];
        try
        {
            WriteHeader(bytes, bytes.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(CoeffCountOffset), (ulong)n);
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(ScaleOffset), 1.0);
            WriteHeader(bytes.AsSpan(ArrayHeaderOffset), bytes.Length - ArrayHeaderOffset);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(ArrayCountOffset), (ulong)n);
            // SEAL stores coefficients as little-endian uint64 (WebAssembly is little-endian).
            MemoryMarshal.AsBytes(coefficients).CopyTo(bytes.AsSpan(DataOffset));
            return new Plaintext(context.Runtime.Load("Plaintext", context, bytes, typeof(Plaintext)));
        }
        finally
        {
            // The coefficients may be a party's mask.
            Array.Clear(bytes);
        }
    }

    /// <summary>Writes the N coefficients of a coefficient-form plaintext into <paramref name="destination"/>.</summary>
    /// <exception cref="InvalidOperationException">SEAL's bytes are not an uncompressed coefficient-form plaintext.</exception>
    public static void Decode(SealContext context, Plaintext plaintext, Span<ulong> destination)
    {
        int n = context.Parameters.PolyModulusDegree;
        byte[] bytes = plaintext.Handle.Runtime.Save(plaintext.Handle, SealCompression.None);
        try
        {
            ulong count = bytes.Length >= DataOffset ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(CoeffCountOffset)) : ulong.MaxValue;
            if (bytes.Length < DataOffset || bytes[0] != 0x5E || bytes[1] != 0xA1 || bytes[5] != 0
                || bytes.AsSpan(16, 32).ContainsAnyExcept((byte)0)
                || count > (ulong)n || bytes.Length != DataOffset + (int)count * sizeof(ulong))
                throw new InvalidOperationException("Expected an uncompressed coefficient-form plaintext from SEAL.");
            destination[..n].Clear();
            MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(DataOffset)).CopyTo(destination);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    private static void WriteHeader(Span<byte> header, int size)
    {
        header[0] = 0x5E;
        header[1] = 0xA1;
        header[2] = 16;
        header[3] = 4; // SEAL 4.1, the version node-seal 7 ships
        header[4] = 1;
        header[5] = 0; // compr_mode_type::none
        BinaryPrimitives.WriteUInt64LittleEndian(header[SizeOffset..], (ulong)size);
    }
}
