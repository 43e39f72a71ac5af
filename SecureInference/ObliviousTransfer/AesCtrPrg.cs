using System.Buffers.Binary;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Garbling;

namespace PiToolkit.SecureInference.ObliviousTransfer;

/// <summary>
/// The pseudorandom generator expanding a base-OT key: AES-128 in counter mode from
/// System.Security.Cryptography (a vetted, constant-time implementation), one block counter per key.
/// </summary>
internal sealed class AesCtrPrg : IDisposable
{
    private readonly Aes _aes;

    public AesCtrPrg(Label seed)
    {
        Span<byte> key = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(key, seed.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(key[8..], seed.High);
        var keyArray = key.ToArray();
        try
        {
            _aes = Aes.Create();
            // Aes copies the key and zeroes its copy on Dispose; the two temporaries are ours to wipe.
            _aes.Key = keyArray;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(keyArray);
        }
    }

    /// <summary>
    /// Encrypts the prepared counter blocks into <paramref name="output"/>. All of IKNP's 128 streams
    /// advance in lock step, so one counter buffer serves every key.
    /// </summary>
    public void Encrypt(ReadOnlySpan<byte> counters, Span<byte> output) =>
        _aes.EncryptEcb(counters[..output.Length], output, PaddingMode.None);

    /// <summary>Writes counter blocks firstBlock, firstBlock + 1, ... (little-endian, high half zero).</summary>
    public static void FillCounters(Span<byte> counters, ulong firstBlock)
    {
        for (var k = 0; k < counters.Length / 16; k++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(counters[(16 * k)..], firstBlock + (ulong)k);
            BinaryPrimitives.WriteUInt64LittleEndian(counters[(16 * k + 8)..], 0);
        }
    }

    public void Dispose() => _aes.Dispose();
}
