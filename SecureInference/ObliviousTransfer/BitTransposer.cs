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
        fixed (byte* src = columns)
        fixed (Vector128<byte>* dst = rows)
        {
            var out16 = (ushort*)dst;
            nint s = bytesPerColumn;
            for (var group = 0; group < 8; group++)
            {
                var p = src + (group * 16 * s);
                for (var c = 0; c < bytesPerColumn; c++, p++)
                {
                    // Sixteen byte inserts build the vector directly; a byte-by-byte stack buffer read
                    // back as one vector would stall on store forwarding.
                    var v = Vector128.Create(p[0], p[s], p[2 * s], p[3 * s], p[4 * s], p[5 * s], p[6 * s], p[7 * s],
                        p[8 * s], p[9 * s], p[10 * s], p[11 * s], p[12 * s], p[13 * s], p[14 * s], p[15 * s]);
                    var o = out16 + (64 * c) + group;
                    o[56] = (ushort)v.ExtractMostSignificantBits();
                    v = (v.AsUInt16() << 1).AsByte();
                    o[48] = (ushort)v.ExtractMostSignificantBits();
                    v = (v.AsUInt16() << 1).AsByte();
                    o[40] = (ushort)v.ExtractMostSignificantBits();
                    v = (v.AsUInt16() << 1).AsByte();
                    o[32] = (ushort)v.ExtractMostSignificantBits();
                    v = (v.AsUInt16() << 1).AsByte();
                    o[24] = (ushort)v.ExtractMostSignificantBits();
                    v = (v.AsUInt16() << 1).AsByte();
                    o[16] = (ushort)v.ExtractMostSignificantBits();
                    v = (v.AsUInt16() << 1).AsByte();
                    o[8] = (ushort)v.ExtractMostSignificantBits();
                    v = (v.AsUInt16() << 1).AsByte();
                    o[0] = (ushort)v.ExtractMostSignificantBits();
                }
            }
        }
    }
}
