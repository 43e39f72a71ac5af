namespace PiToolkit.SecureInference.Garbling;

/// <summary>
/// AES-128 in plain managed code (FIPS-197): key expansion for both code paths, and block encryption
/// for machines without AES instructions.
/// </summary>
/// <remarks>
/// Byte-oriented with an S-box table, so its timing depends on the data: acceptable only as the
/// fallback on CPUs without AES-NI (where the engine is slow anyway) and checked against
/// System.Security.Cryptography.Aes in tests. The fixed key itself is public.
/// </remarks>
internal static class PortableAes
{
    internal static readonly byte[] SBox = BuildSBox();

    /// <summary>The 11 round keys (176 bytes) of an AES-128 key.</summary>
    public static byte[] ExpandKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16) throw new ArgumentException("AES-128 needs a 16-byte key.", nameof(key));
        var w = new byte[176];
        key.CopyTo(w);
        byte rcon = 1;
        for (var i = 16; i < 176; i += 4)
        {
            byte t0 = w[i - 4], t1 = w[i - 3], t2 = w[i - 2], t3 = w[i - 1];
            if (i % 16 == 0)
            {
                (t0, t1, t2, t3) = ((byte)(SBox[t1] ^ rcon), SBox[t2], SBox[t3], SBox[t0]);
                rcon = XTime(rcon);
            }
            w[i] = (byte)(w[i - 16] ^ t0);
            w[i + 1] = (byte)(w[i - 15] ^ t1);
            w[i + 2] = (byte)(w[i - 14] ^ t2);
            w[i + 3] = (byte)(w[i - 13] ^ t3);
        }
        return w;
    }

    /// <summary>Encrypts one 16-byte block in place with expanded round keys.</summary>
    public static void EncryptBlock(ReadOnlySpan<byte> roundKeys, Span<byte> block)
    {
        Span<byte> s = stackalloc byte[16];
        for (var i = 0; i < 16; i++) s[i] = (byte)(block[i] ^ roundKeys[i]);
        Span<byte> t = stackalloc byte[16];
        for (var round = 1; round <= 10; round++)
        {
            // SubBytes + ShiftRows: state byte (row r, column c) sits at 4c + r.
            for (var c = 0; c < 4; c++)
            {
                for (var r = 0; r < 4; r++)
                {
                    t[4 * c + r] = SBox[s[4 * ((c + r) & 3) + r]];
                }
            }
            if (round < 10)
            {
                for (var c = 0; c < 4; c++)
                {
                    byte a0 = t[4 * c], a1 = t[4 * c + 1], a2 = t[4 * c + 2], a3 = t[4 * c + 3];
                    var all = (byte)(a0 ^ a1 ^ a2 ^ a3);
                    t[4 * c] = (byte)(a0 ^ all ^ XTime((byte)(a0 ^ a1)));
                    t[4 * c + 1] = (byte)(a1 ^ all ^ XTime((byte)(a1 ^ a2)));
                    t[4 * c + 2] = (byte)(a2 ^ all ^ XTime((byte)(a2 ^ a3)));
                    t[4 * c + 3] = (byte)(a3 ^ all ^ XTime((byte)(a3 ^ a0)));
                }
            }
            var rk = roundKeys.Slice(16 * round, 16);
            for (var i = 0; i < 16; i++) s[i] = (byte)(t[i] ^ rk[i]);
        }
        s.CopyTo(block);
    }

    // GF(2^8) doubling: the shift's ninth bit is dropped on purpose (reduction by x^8 + x^4 + x^3 + x + 1).
    private static byte XTime(byte x) => unchecked((byte)((x << 1) ^ ((x >> 7) * 0x1b)));

    private static byte[] BuildSBox()
    {
        // Multiplicative inverse in GF(2^8) followed by the affine map (FIPS-197 §5.1.1), computed
        // rather than typed in so that no table entry can be mistyped.
        var box = new byte[256];
        byte p = 1, q = 1;
        // Byte truncation of the shifts is the GF(2^8) arithmetic itself, so this loop is unchecked.
        unchecked
        {
            do
            {
                p = (byte)(p ^ (p << 1) ^ ((p & 0x80) != 0 ? 0x1b : 0));
                q ^= (byte)(q << 1);
                q ^= (byte)(q << 2);
                q ^= (byte)(q << 4);
                if ((q & 0x80) != 0) q ^= 0x09;
                var x = (byte)(q ^ Rotl(q, 1) ^ Rotl(q, 2) ^ Rotl(q, 3) ^ Rotl(q, 4));
                box[p] = (byte)(x ^ 0x63);
            } while (p != 1);
        }
        box[0] = 0x63;
        return box;
    }

    // An 8-bit rotation: the bits shifted past bit 7 are the ones the right shift brings back.
    private static byte Rotl(byte x, int n) => unchecked((byte)((x << n) | (x >> (8 - n))));
}
