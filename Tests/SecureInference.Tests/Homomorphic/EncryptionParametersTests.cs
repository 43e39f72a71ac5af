using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

public sealed class EncryptionParametersTests
{
    [Theory]
    [InlineData(PrimeField.DelphiModulus, 8192)]
    [InlineData(EncryptionParameters.SmallRingModulus4096, 4096)]
    public void Preset_plain_moduli_are_primes_congruent_to_one_mod_2N(ulong p, int n)
    {
        Assert.True(Reference.IsProbablePrime(p));
        Assert.Equal(1UL, p % (2UL * (ulong)n));
    }

    [Fact]
    public void The_4096_default_is_the_smallest_such_prime_above_2_to_the_20()
    {
        for (BigInteger p = (1 << 20) + 1; p < EncryptionParameters.SmallRingModulus4096; p += 1)
            Assert.False(p % 8192 == 1 && Reference.IsProbablePrime(p), $"{p} is a smaller batching prime");
    }

    [Fact]
    public void Presets_have_the_documented_degree_and_slots()
    {
        Assert.Equal(4096, EncryptionParameters.Bfv4096().SlotCount);
        Assert.Equal(4096, EncryptionParameters.Bfv8192().RowSize);
        Assert.Equal(PrimeField.DelphiModulus, EncryptionParameters.Bfv8192().PlainModulus);
    }

    [Theory]
    [InlineData(8192, 1073153UL)]         // prime, 1 mod 8192 but not mod 16384
    [InlineData(3000, 65537UL)]           // N not a power of two
    [InlineData(512, 65537UL)]            // N below SEAL's 128-bit table
    [InlineData(8192, 0x3FFF_FFFF_FFE8_0001UL)] // prime, 1 mod 2^18 but 62 bits: above SEAL's 60-bit plain modulus
    public void Create_rejects_parameters_that_cannot_batch(int n, ulong p)
    {
        var field = Reference.IsProbablePrime(p) ? PrimeField.Create(p) : throw new InvalidOperationException($"{p} is not prime; pick another test value");
        Assert.Throws<ArgumentOutOfRangeException>(() => EncryptionParameters.Create(n, field));
    }
}
