namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Arithmetic on residues mod an odd prime p &lt; 2^62, and the signed reading of a residue
/// (x &gt; (p − 1)/2 is negative), which is how fixed-point values live in the field.
/// </summary>
internal static class FieldMath
{
    public static ulong Add(ulong a, ulong b, ulong p)
    {
        ulong s = a + b; // a, b < p < 2^62: no wrap-around.
        return s >= p ? s - p : s;
    }

    public static ulong Sub(ulong a, ulong b, ulong p) => a >= b ? a - b : a + (p - b);

    public static ulong Mul(ulong a, ulong b, ulong p) => (ulong)((UInt128)a * b % p);

    public static ulong FromSigned(long value, ulong p)
    {
        long r = value % (long)p;
        return (ulong)(r < 0 ? r + (long)p : r);
    }

    public static long ToSigned(ulong residue, ulong p) => residue > (p - 1) / 2 ? -(long)(p - residue) : (long)residue;

    /// <summary>Floor division of a signed value by 2^bits (towards −∞, as an arithmetic shift).</summary>
    public static long FloorShift(long value, int bits) => value >> bits;

    /// <summary>
    /// Local truncation of the client's share c (SecureML, Mohassel–Zhang 2017): ⌊c / 2^t⌋.
    /// Together with <see cref="TruncateServerShare"/> the shares reconstruct ⌊x / 2^t⌋ or one more,
    /// unless c − (p − s) wraps around p, which happens with probability about |x|/p.
    /// </summary>
    public static ulong TruncateClientShare(ulong c, int bits) => c >> bits;

    /// <summary>The server's half of local truncation: p − ⌊((p − s) mod p) / 2^t⌋ (mod p).</summary>
    public static ulong TruncateServerShare(ulong s, int bits, ulong p)
    {
        ulong negated = s == 0 ? 0 : p - s;
        ulong shifted = negated >> bits;
        return shifted == 0 ? 0 : p - shifted;
    }

    public static ulong Pow2(int bits, ulong p)
    {
        ulong r = 1 % p;
        for (int i = 0; i < bits; i++)
            r = Add(r, r, p);
        return r;
    }
}
