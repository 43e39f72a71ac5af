namespace PiToolkit.SecureInference.Arithmetic;

/// <summary>Deterministic Miller–Rabin for 64-bit integers (the first 12 prime bases suffice below 3.3·10^24).</summary>
internal static class Primality
{
    private static ReadOnlySpan<byte> Bases => [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

    public static bool IsPrime(ulong n)
    {
        if (n < 2)
            return false;
        foreach (byte b in Bases)
        {
            if (n % b == 0)
                return n == b;
        }
        ulong d = n - 1;
        int s = 0;
        while ((d & 1) == 0)
        {
            d >>= 1;
            s++;
        }
        foreach (byte b in Bases)
        {
            ulong x = ModPow(b, d, n);
            if (x == 1 || x == n - 1)
                continue;
            bool composite = true;
            for (int i = 1; i < s && composite; i++)
            {
                x = (ulong)((UInt128)x * x % n);
                composite = x != n - 1;
            }
            if (composite)
                return false;
        }
        return true;
    }

    private static ulong ModPow(ulong b, ulong e, ulong m)
    {
        ulong result = 1;
        b %= m;
        while (e > 0)
        {
            if ((e & 1) != 0)
                result = (ulong)((UInt128)result * b % m);
            b = (ulong)((UInt128)b * b % m);
            e >>= 1;
        }
        return result;
    }
}
