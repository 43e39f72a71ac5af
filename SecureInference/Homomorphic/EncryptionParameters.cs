namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// BFV encryption parameters: the ring degree N, SEAL's default coefficient modulus for N at
/// 128-bit security (<c>CoeffModulus::BFVDefault(N, tc128)</c>) and the caller's plain modulus t,
/// a prime with t ≡ 1 (mod 2N) so that batching gives N slots. An immutable value; SEAL's own
/// <c>EncryptionParameters</c> object only exists while <see cref="SealContext"/> is created.
/// </summary>
public sealed record EncryptionParameters
{
    /// <summary>Delphi's field: p = 15·2^37 + 1 = 2061584302081 (41 bits), ≡ 1 mod 2·8192 (and mod 2·4096).</summary>
    public const ulong DelphiPlainModulus = 2061584302081UL;

    /// <summary>
    /// A 21-bit prime ≡ 1 (mod 8192) for N = 4096: 1073153 = 131·8192 + 1, the smallest such prime
    /// above 2^20 (checked by a BigInteger Miller–Rabin test in the test suite). N = 4096 has only a
    /// 109-bit coefficient modulus, so a 41-bit t leaves no noise budget for a multiply_plain by full
    /// residues; 21 bits leave ~40 bits after a LeNet-sized layer.
    /// </summary>
    public const ulong DefaultPlainModulus4096 = 1073153UL;

    private EncryptionParameters(int polyModulusDegree, ulong plainModulus)
    {
        PolyModulusDegree = polyModulusDegree;
        PlainModulus = plainModulus;
    }

    /// <summary>The ring degree N (a power of two); also the number of batching slots.</summary>
    public int PolyModulusDegree { get; }

    /// <summary>The plain modulus t (a batching prime).</summary>
    public ulong PlainModulus { get; }

    /// <summary>Slots per plaintext (N), arranged by SEAL as 2 rows of N/2.</summary>
    public int SlotCount => PolyModulusDegree;

    /// <summary>Slots per row (N/2): <c>RotateRows</c> rotates each row cyclically.</summary>
    public int RowSize => PolyModulusDegree / 2;

    /// <summary>Parameters with N = 4096 (109-bit coefficient modulus, 128-bit security).</summary>
    /// <param name="plainModulus">A prime ≡ 1 (mod 8192), below 2^60.</param>
    /// <exception cref="ArgumentOutOfRangeException">The plain modulus is not such a prime.</exception>
    public static EncryptionParameters Bfv4096(ulong plainModulus = DefaultPlainModulus4096) => Create(4096, plainModulus);

    /// <summary>Parameters with N = 8192 (218-bit coefficient modulus, 128-bit security).</summary>
    /// <param name="plainModulus">A prime ≡ 1 (mod 16384), below 2^60.</param>
    /// <exception cref="ArgumentOutOfRangeException">The plain modulus is not such a prime.</exception>
    public static EncryptionParameters Bfv8192(ulong plainModulus = DelphiPlainModulus) => Create(8192, plainModulus);

    /// <summary>Parameters for any N that SEAL's 128-bit defaults cover (1024 … 32768).</summary>
    /// <param name="polyModulusDegree">N, a power of two from 1024 to 32768.</param>
    /// <param name="plainModulus">A prime ≡ 1 (mod 2N), below 2^60.</param>
    /// <exception cref="ArgumentOutOfRangeException">N is not supported, or t is not a batching prime for N.</exception>
    public static EncryptionParameters Create(int polyModulusDegree, ulong plainModulus)
    {
        if (polyModulusDegree < 1024 || polyModulusDegree > 32768 || !int.IsPow2(polyModulusDegree))
            throw new ArgumentOutOfRangeException(nameof(polyModulusDegree), polyModulusDegree, "N must be a power of two from 1024 to 32768.");
        if (plainModulus < 3 || plainModulus >= 1UL << 60 || plainModulus % (2UL * (ulong)polyModulusDegree) != 1 || !Primality.IsPrime(plainModulus))
            throw new ArgumentOutOfRangeException(nameof(plainModulus), plainModulus,
                $"The plain modulus must be a prime ≡ 1 (mod {2 * polyModulusDegree}) below 2^60 for batching at N = {polyModulusDegree}.");
        return new EncryptionParameters(polyModulusDegree, plainModulus);
    }
}
