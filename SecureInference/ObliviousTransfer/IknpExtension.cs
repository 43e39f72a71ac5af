using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PiToolkit.SecureInference.ObliviousTransfer;

/// <summary>Parameters and helpers shared by <see cref="IknpSender"/> and <see cref="IknpReceiver"/>.</summary>
internal static class IknpExtension
{
    /// <summary>κ: base OTs and bits per extended-OT row.</summary>
    public const int Kappa = 128;

    /// <summary>OTs per round trip: 64 Ki (1 MiB of u per chunk) bounds memory and keeps the pipe busy.</summary>
    public const int ChunkOts = 1 << 16;

    /// <summary>Hash-tweak domain of OT extension (garbling uses domain 0).</summary>
    public const ulong HashDomain = 1;

    /// <summary>The chunk's OT count rounded up to a multiple of 128.</summary>
    public static int Padded(int n) => (n + Kappa - 1) / Kappa * Kappa;

    /// <summary>dst ^= src, sixteen bytes at a time (lengths are multiples of 16).</summary>
    public static void XorInto(Span<byte> dst, ReadOnlySpan<byte> src)
    {
        var d = MemoryMarshal.Cast<byte, Vector128<byte>>(dst);
        var s = MemoryMarshal.Cast<byte, Vector128<byte>>(src);
        for (var k = 0; k < d.Length; k++)
        {
            d[k] ^= s[k];
        }
    }

    /// <summary>Packs choice bits little-endian into bytes (bit j of byte j/8).</summary>
    public static void Pack(ReadOnlySpan<bool> bits, Span<byte> packed)
    {
        packed.Clear();
        for (var j = 0; j < bits.Length; j++)
        {
            if (bits[j])
            {
                packed[j >> 3] |= (byte)(1 << (j & 7));
            }
        }
    }
}
