using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Protocol;

/// <summary>
/// Local truncation of additive shares (SecureML, Mohassel–Zhang 2017): the client keeps ⌊c/2^t⌋,
/// the server p − ⌊((p − s) mod p)/2^t⌋. They reconstruct ⌊x/2^t⌋ or one more, unless c − (p − s)
/// wraps around p, which happens with probability about |x|/p (c is uniform given x).
/// </summary>
internal static class LocalTruncation
{
    public static ulong Client(ulong c, int bits) => c >> bits;

    public static ulong Server(ulong s, int bits, PrimeField field)
    {
        ulong shifted = field.Neg(s) >> bits;
        return field.Neg(shifted);
    }

    /// <summary>⌊x/2^t⌋ of the signed value x (towards −∞, as an arithmetic shift): what exact truncation gives.</summary>
    public static ulong Exact(ulong x, int bits, PrimeField field) => field.FromSigned(field.ToSigned(x) >> bits);

    /// <summary>2^bits mod p.</summary>
    public static ulong Pow2(int bits, PrimeField field) => field.Reduce(UInt128.One << bits);
}
