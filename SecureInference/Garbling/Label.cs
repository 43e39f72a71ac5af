using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// A 128-bit wire label (or free-XOR offset Δ). Its least significant bit is the point-and-permute
/// bit. Sixteen bytes, little-endian (<see cref="Low"/> first), so spans of labels are the wire format.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
public readonly struct Label : IEquatable<Label>
{
    /// <summary>Creates a label from its two 64-bit halves.</summary>
    public Label(ulong low, ulong high)
    {
        Low = low;
        High = high;
    }

    /// <summary>Bits 0..63.</summary>
    public ulong Low { get; }

    /// <summary>Bits 64..127.</summary>
    public ulong High { get; }

    /// <summary>The all-zero label.</summary>
    public static Label Zero => default;

    /// <summary>The point-and-permute bit (bit 0).</summary>
    public bool PermuteBit => (Low & 1) != 0;

    /// <summary>Bitwise xor: free-XOR's only label operation.</summary>
    public static Label operator ^(Label x, Label y) => new(x.Low ^ y.Low, x.High ^ y.High);

    /// <summary>Equality of all 128 bits.</summary>
    public static bool operator ==(Label x, Label y) => x.Equals(y);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Label x, Label y) => !x.Equals(y);

    /// <summary>A fresh label from <see cref="RandomNumberGenerator"/>.</summary>
    public static Label Random()
    {
        Span<Label> one = stackalloc Label[1];
        RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(one));
        return one[0];
    }

    /// <summary>A fresh free-XOR offset Δ: random with the point-and-permute bit set, as half-gates requires.</summary>
    public static Label RandomDelta()
    {
        var r = Random();
        return new Label(r.Low | 1, r.High);
    }

    /// <summary>The label as a SIMD vector (same bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> AsVector() => Vector128.Create(Low, High).AsByte();

    /// <summary>The label holding the vector's bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Label FromVector(Vector128<byte> v)
    {
        var u = v.AsUInt64();
        return new Label(u.GetElement(0), u.GetElement(1));
    }

    /// <inheritdoc/>
    public bool Equals(Label other) => Low == other.Low && High == other.High;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Label other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Low, High);

    /// <summary>32 hex digits, most significant first.</summary>
    public override string ToString() => $"{High:x16}{Low:x16}";
}
