using System.Runtime.Intrinsics;

namespace PiToolkit.SecureInference.ObliviousTransfer;

/// <summary>
/// Transposes IKNP's 128 × n bit matrix (128 columns of n bits each) into n rows of 128 bits, the
/// classic move-mask transpose: gather one byte from 16 columns, then peel off the top bit of every
/// byte eight times.
/// </summary>
internal static class BitTransposer
{
    /// <summary>rows[j] bit i = bit j of columns[i]; columns are consecutive n/8-byte runs; n is a multiple of 8.</summary>
    public static unsafe void Transpose(ReadOnlySpan<byte> columns, int n, Span<Vector128<byte>> rows)
    {
        var bytesPerColumn = n / 8;
        if (columns.Length < 128 * bytesPerColumn || rows.Length < n || n % 8 != 0)
        {
            throw new ArgumentException("Transpose needs 128 columns of n bits and n rows, n a multiple of 8.");
        }
        var gathered = stackalloc byte[16];
        fixed (byte* src = columns)
        fixed (Vector128<byte>* dst = rows)
        {
            var out16 = (ushort*)dst;
            for (var c = 0; c < bytesPerColumn; c++)
            {
                for (var group = 0; group < 8; group++)
                {
                    var p = src + (group * 16 * bytesPerColumn) + c;
                    for (var r = 0; r < 16; r++)
                    {
                        gathered[r] = p[r * bytesPerColumn];
                    }
                    var v = Vector128.Load(gathered);
                    for (var b = 7; b >= 0; b--)
                    {
                        out16[((8 * c + b) * 8) + group] = (ushort)v.ExtractMostSignificantBits();
                        v = (v.AsUInt16() << 1).AsByte();
                    }
                }
            }
        }
    }
}
