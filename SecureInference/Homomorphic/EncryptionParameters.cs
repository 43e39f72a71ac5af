using PiToolkit.SecureInference.Arithmetic;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// BFV encryption parameters: the ring degree N, SEAL's default coefficient modulus for N at
/// 128-bit security (<c>CoeffModulus::BFVDefault(N, tc128)</c>) and the plain modulus t, the prime
/// of a <see cref="PrimeField"/> that batches into N slots (t ≡ 1 mod 2N). An immutable value; SEAL's
/// own <c>EncryptionParameters</c> object only exists while <see cref="SealContext"/> is created.
/// </summary>
public sealed record EncryptionParameters
{
    /// <summary>
    /// A 21-bit prime ≡ 1 (mod 8192) for N = 4096: 1073153 = 131·8192 + 1, the smallest such prime
    /// above 2^20 (checked by a BigInteger Miller–Rabin test in the test suite). N = 4096 has only a
    /// 109-bit coefficient modulus, so Delphi's 41-bit field leaves no noise budget for a
    /// multiply_plain by full residues; 21 bits leave ~40 bits after a LeNet-sized layer. For tests
    /// and measurements of the small ring only; the protocol's field is <see cref="PrimeField.Delphi"/>.
    /// </summary>
    public const ulong SmallRingModulus4096 = 1073153UL;

    private EncryptionParameters(int polyModulusDegree, PrimeField field)
    {
        PolyModulusDegree = polyModulusDegree;
        Field = field;
    }

    /// <summary>The ring degree N (a power of two); also the number of batching slots.</summary>
    public int PolyModulusDegree { get; }

    /// <summary>The plaintext field Z_t.</summary>
    public PrimeField Field { get; }

    /// <summary>The plain modulus t (the field's prime).</summary>
    public ulong PlainModulus => Field.Modulus;

    /// <summary>Slots per plaintext (N), arranged by SEAL as 2 rows of N/2.</summary>
    public int SlotCount => PolyModulusDegree;

    /// <summary>Slots per row (N/2): <c>RotateRows</c> rotates each row cyclically.</summary>
    public int RowSize => PolyModulusDegree / 2;

    /// <summary>Parameters with N = 4096 (109-bit coefficient modulus, 128-bit security).</summary>
    /// <param name="field">A field whose prime is ≡ 1 (mod 8192) and below 2^60; default <see cref="SmallRingModulus4096"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The field does not batch for N = 4096.</exception>
    public static EncryptionParameters Bfv4096(PrimeField? field = null) => Create(4096, field ?? PrimeField.Create(SmallRingModulus4096));

    /// <summary>Parameters with N = 8192 (218-bit coefficient modulus, 128-bit security).</summary>
    /// <param name="field">A field whose prime is ≡ 1 (mod 16384) and below 2^60; default <see cref="PrimeField.Delphi"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The field does not batch for N = 8192.</exception>
    public static EncryptionParameters Bfv8192(PrimeField? field = null) => Create(8192, field ?? PrimeField.Delphi);

    /// <summary>Parameters for any N that SEAL's 128-bit defaults cover (1024 … 32768).</summary>
    /// <param name="polyModulusDegree">N, a power of two from 1024 to 32768.</param>
    /// <param name="field">The plaintext field; its prime must be ≡ 1 (mod 2N) and below 2^60.</param>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">N is not supported, or the field does not batch for N.</exception>
    public static EncryptionParameters Create(int polyModulusDegree, PrimeField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (polyModulusDegree < 1024 || polyModulusDegree > 32768 || !int.IsPow2(polyModulusDegree))
            throw new ArgumentOutOfRangeException(nameof(polyModulusDegree), polyModulusDegree, "N must be a power of two from 1024 to 32768.");
        if (!field.SupportsBatching(polyModulusDegree))
            throw new ArgumentOutOfRangeException(nameof(field), field.Modulus,
                $"The plain modulus must be a prime ≡ 1 (mod {2 * polyModulusDegree}) below 2^60 for batching at N = {polyModulusDegree}.");
        return new EncryptionParameters(polyModulusDegree, field);
    }
}
