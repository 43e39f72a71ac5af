using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Tests.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Arithmetic;

public sealed class PrimeFieldTests
{
    // Delphi's prime, the N = 4096 test prime, a tiny prime, and the largest 62-bit prime ≡ 1 mod 2^18.
    public static TheoryData<ulong> Moduli => [PrimeField.DelphiModulus, 1073153UL, 97UL, 0x3FFF_FFFF_FFE8_0001UL];

    [Theory]
    [MemberData(nameof(Moduli))]
    public void Add_Sub_Neg_Mul_match_BigInteger_on_edge_and_random_residues(ulong p)
    {
        var field = PrimeField.Create(p);
        var random = new Random((int)(p % 10007));
        ulong[] values = [0, 1, 2, p - 1, p - 2, p / 2, p / 2 + 1, .. Enumerable.Range(0, 40).Select(_ => (ulong)random.NextInt64((long)p))];
        BigInteger P = p;
        foreach (ulong x in values)
        {
            Assert.Equal((ulong)((P - x) % P), field.Neg(x));
            foreach (ulong y in values)
            {
                Assert.Equal((ulong)((x + (BigInteger)y) % P), field.Add(x, y));
                Assert.Equal((ulong)(((x - (BigInteger)y) % P + P) % P), field.Sub(x, y));
                Assert.Equal((ulong)(x * (BigInteger)y % P), field.Mul(x, y));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Moduli))]
    public void Signed_values_round_trip_through_the_centered_representation(ulong p)
    {
        var field = PrimeField.Create(p);
        long half = (long)(p / 2);
        foreach (long x in new[] { 0L, 1L, -1L, half, -half, half - 1, -half + 1, 42L, -42L })
        {
            ulong residue = field.FromSigned(x);
            Assert.Equal((ulong)(((x % (BigInteger)p) + p) % p), residue);
            Assert.Equal(x, field.ToSigned(residue));
        }
        Assert.Equal(Reference.Mod(long.MinValue, p), field.FromSigned(long.MinValue));
        Assert.Equal(Reference.Mod(long.MaxValue, p), field.FromSigned(long.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => field.ToSigned(p));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(2UL)]             // even
    [InlineData(2061584302083UL)] // odd, not prime
    [InlineData(0x4000_0000_0000_0007UL)] // above 2^62 (the share circuits need room for ℓ + 1 bits)
    public void Create_rejects_what_is_not_an_odd_prime_below_2_to_the_62(ulong p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PrimeField.Create(p));

    [Fact]
    public void Delphi_field_batches_for_every_SEAL_degree_and_truncates_by_up_to_37_bits()
    {
        var field = PrimeField.Delphi;
        Assert.True(Reference.IsProbablePrime(field.Modulus));
        Assert.Equal(41, field.Bits);
        Assert.True(field.SupportsBatching(8192));
        Assert.True(field.SupportsBatching(32768));
        Assert.True(field.SupportsBatching(1 << 30));
        Assert.True(field.SupportsTruncation(37));
        Assert.False(field.SupportsTruncation(38));
        Assert.False(PrimeField.Create(1073153).SupportsBatching(8192));
        Assert.Same(PrimeField.Delphi, PrimeField.Create(PrimeField.DelphiModulus));
    }

    [Fact]
    public void Uniform_samples_are_residues_and_cover_the_small_field_evenly()
    {
        var field = PrimeField.Create(97);
        ulong[] samples = field.SampleUniform(97 * 400);
        Assert.All(samples, s => Assert.True(s < 97));
        var counts = new int[97];
        foreach (ulong s in samples)
            counts[s]++;
        // Each count is Binomial(38800, 1/97): mean 400, sd ≈ 20; ±120 is a 6σ band.
        Assert.All(counts, c => Assert.InRange(c, 280, 520));
        // Delphi's field: 2^41 is above p, so the top candidates must be rejected, not folded.
        Assert.All(PrimeField.Delphi.SampleUniform(10_000), s => Assert.True(s < PrimeField.DelphiModulus));
    }

    [Fact]
    public void CheckResidues_names_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PrimeField.Create(97).CheckResidues([1, 96, 97], "shares"));
        Assert.Equal("shares", e.ParamName);
    }
}
