using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PiToolkit.SecureInference.Arithmetic;

/// <summary>
/// The prime field Z_p that homomorphic encryption (the BFV plain modulus) and garbled circuits
/// (additive shares of ReLU inputs and outputs) both compute in. Elements and additive shares are
/// <see cref="ulong"/> residues in [0, p) everywhere in SecureInference; a signed value x is the
/// residue x mod p and reads back centered, in (−p/2, p/2].
/// </summary>
/// <remarks>
/// The modulus is validated once, here: a prime of at most <see cref="MaxBits"/> bits. That bound
/// is what the share circuits need (the garbler's input word has ℓ + 1 bits and must fit a
/// <see cref="ulong"/>; the sum of two residues must not overflow). Batching (p ≡ 1 mod 2N, p &lt; 2^60
/// for SEAL) and exact truncation by 2^f (2^f | p − 1) are properties of the field checked by
/// <see cref="SupportsBatching"/> and <see cref="SupportsTruncation"/> where they are needed.
/// </remarks>
public sealed record PrimeField
{
    /// <summary>Delphi's prime: p = 15·2^37 + 1 = 2061584302081 (41 bits). p ≡ 1 mod 2^37, so it batches for every N SEAL supports (≤ 2^15) and truncates exactly by up to 2^37.</summary>
    public const ulong DelphiModulus = 2061584302081UL;

    /// <summary>Largest bit length of p: the ReLU circuit's (ℓ + 1)-bit garbler word must fit 63 bits.</summary>
    public const int MaxBits = 62;

    private PrimeField(ulong modulus)
    {
        Modulus = modulus;
        Bits = 64 - BitOperations.LeadingZeroCount(modulus);
        Half = modulus / 2;
        ulong largest = modulus - 1;
        ProductsPerReduction = (long)UInt128.Min(UInt128.MaxValue / Math.BigMul(largest, largest), long.MaxValue);
    }

    /// <summary>The field of Delphi's prime <see cref="DelphiModulus"/>, the toolkit's default.</summary>
    public static PrimeField Delphi { get; } = new(DelphiModulus);

    /// <summary>The prime p.</summary>
    public ulong Modulus { get; }

    /// <summary>Bit length ℓ of p.</summary>
    public int Bits { get; }

    /// <summary>(p − 1)/2: the largest magnitude a centered value can have.</summary>
    public ulong Half { get; }

    /// <summary>
    /// How many products of residues a <see cref="UInt128"/> accumulator holds before it can overflow:
    /// dot products reduce once per this many terms instead of once per term (a 128-bit division is
    /// the slow part). 2^46 for Delphi's 41-bit prime, 16 at the 62-bit limit.
    /// </summary>
    public long ProductsPerReduction { get; }

    /// <summary>The field of a prime modulus.</summary>
    /// <param name="modulus">An odd prime below 2^<see cref="MaxBits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The modulus is not an odd prime below 2^62.</exception>
    public static PrimeField Create(ulong modulus)
    {
        if (modulus == DelphiModulus)
            return Delphi;
        if (modulus < 3 || modulus >= 1UL << MaxBits || !Primality.IsPrime(modulus))
            throw new ArgumentOutOfRangeException(nameof(modulus), modulus, $"The field modulus must be an odd prime below 2^{MaxBits}.");
        return new PrimeField(modulus);
    }

    /// <summary>Whether SEAL can batch this field into N slots: p ≡ 1 (mod 2N) and p &lt; 2^60.</summary>
    /// <param name="polyModulusDegree">The ring degree N (a power of two).</param>
    public bool SupportsBatching(int polyModulusDegree) =>
        polyModulusDegree > 0 && Modulus < 1UL << 60 && Modulus % (2UL * (ulong)polyModulusDegree) == 1;

    /// <summary>Whether 2^f divides p − 1 with f &lt; ℓ − 1, which exact truncation on shares needs.</summary>
    /// <param name="fractionalBits">f, the number of bits truncated.</param>
    public bool SupportsTruncation(int fractionalBits) =>
        fractionalBits >= 0 && fractionalBits < Bits - 1 && (Modulus - 1) % (1UL << fractionalBits) == 0;

    /// <summary>Whether <paramref name="value"/> is a residue (below p).</summary>
    public bool IsResidue(ulong value) => value < Modulus;

    /// <summary>Checks that every value is a residue mod p.</summary>
    /// <param name="values">The values.</param>
    /// <param name="paramName">The caller's parameter name, for the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is p or more.</exception>
    public void CheckResidues(ReadOnlySpan<ulong> values, string paramName)
    {
        int bad = values.IndexOfAnyInRange(Modulus, ulong.MaxValue);
        if (bad >= 0)
            throw new ArgumentOutOfRangeException(paramName, values[bad], $"Value {bad} is not a residue mod {Modulus}.");
    }

    /// <summary>(x + y) mod p for residues x, y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Add(ulong x, ulong y)
    {
        ulong s = x + y; // < 2^63: both are below p < 2^62.
        return s >= Modulus ? s - Modulus : s;
    }

    /// <summary>(x − y) mod p for residues x, y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Sub(ulong x, ulong y) => x >= y ? x - y : x + (Modulus - y);

    /// <summary>−x mod p for a residue x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Neg(ulong x) => x == 0 ? 0 : Modulus - x;

    /// <summary>x·y mod p for residues x, y (128-bit product).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Mul(ulong x, ulong y) => Reduce(Math.BigMul(x, y, out ulong low), low);

    /// <summary>Any 64-bit unsigned value reduced mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(ulong value) => value % Modulus;

    /// <summary>The 128-bit value high·2^64 + low reduced mod p (e.g. a hash output or a product).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(ulong high, ulong low) => (ulong)(new UInt128(high, low) % Modulus);

    /// <summary>A 128-bit accumulator reduced mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Reduce(UInt128 value) => (ulong)(value % Modulus);

    /// <summary>The residue of a signed integer (negative values wrap to p − |x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong FromSigned(long value)
    {
        // |long.MinValue| does not fit a long; its unsigned magnitude does.
        ulong r = (value < 0 ? (ulong)-(value + 1) + 1 : (ulong)value) % Modulus;
        return value < 0 ? Neg(r) : r;
    }

    /// <summary>The centered (signed) value of a residue: x when x ≤ (p−1)/2, x − p otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="residue"/> is not below p.</exception>
    public long ToSigned(ulong residue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(residue, Modulus);
        // p < 2^62, so both branches fit a long.
        return residue <= Half ? (long)residue : -(long)(Modulus - residue);
    }

    /// <summary>Residues of signed integers, element by element.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="values"/>.</exception>
    public void FromSigned(ReadOnlySpan<long> values, Span<ulong> destination)
    {
        if (destination.Length < values.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values; {values.Length} are converted.", nameof(destination));
        for (int i = 0; i < values.Length; i++)
            destination[i] = FromSigned(values[i]);
    }

    /// <summary>Residues of signed integers in a new array.</summary>
    public ulong[] FromSigned(ReadOnlySpan<long> values)
    {
        var result = new ulong[values.Length];
        FromSigned(values, result);
        return result;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with independent uniform residues from
    /// <see cref="RandomNumberGenerator"/>: rejection sampling over the smallest power-of-two range
    /// that holds p, so the result is exactly uniform (each draw is accepted with probability &gt; 1/2).
    /// </summary>
    public void FillUniform(Span<ulong> destination)
    {
        ulong mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(Modulus - 1);
        Span<ulong> buffer = stackalloc ulong[64];
        int used = buffer.Length;
        try
        {
            for (int i = 0; i < destination.Length;)
            {
                if (used == buffer.Length)
                {
                    RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(buffer));
                    used = 0;
                }
                ulong candidate = buffer[used++] & mask;
                if (candidate < Modulus)
                    destination[i++] = candidate;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(buffer));
        }
    }

    /// <summary><paramref name="count"/> uniform residues in a new array (see <see cref="FillUniform"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public ulong[] SampleUniform(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var values = new ulong[count];
        FillUniform(values);
        return values;
    }

    /// <summary>Shows p and its bit length.</summary>
    public override string ToString() => $"Z_{Modulus} ({Bits} bits)";
}
