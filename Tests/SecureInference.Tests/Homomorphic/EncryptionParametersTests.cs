using System.Numerics;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

public sealed class EncryptionParametersTests
{
    [Theory]
    [InlineData(EncryptionParameters.DelphiPlainModulus, 8192)]
    [InlineData(EncryptionParameters.DefaultPlainModulus4096, 4096)]
    public void Preset_plain_moduli_are_primes_congruent_to_one_mod_2N(ulong p, int n)
    {
        Assert.True(Reference.IsProbablePrime(p));
        Assert.Equal(1UL, p % (2UL * (ulong)n));
    }

    [Fact]
    public void The_4096_default_is_the_smallest_such_prime_above_2_to_the_20()
    {
        for (BigInteger p = (1 << 20) + 1; p < EncryptionParameters.DefaultPlainModulus4096; p += 1)
            Assert.False(p % 8192 == 1 && Reference.IsProbablePrime(p), $"{p} is a smaller batching prime");
    }

    [Fact]
    public void Presets_have_the_documented_degree_and_slots()
    {
        Assert.Equal(4096, EncryptionParameters.Bfv4096().SlotCount);
        Assert.Equal(4096, EncryptionParameters.Bfv8192().RowSize);
        Assert.Equal(EncryptionParameters.DelphiPlainModulus, EncryptionParameters.Bfv8192().PlainModulus);
    }

    [Theory]
    [InlineData(8192, 2061584302083UL)]   // not prime
    [InlineData(8192, 1073153UL)]         // prime, 1 mod 8192 but not mod 16384
    [InlineData(3000, 65537UL)]           // N not a power of two
    [InlineData(512, 65537UL)]            // N below SEAL's 128-bit table
    public void Create_rejects_parameters_that_cannot_batch(int n, ulong p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EncryptionParameters.Create(n, p));
}
