using System.Numerics;
using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class SealContextTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void Data_level_moduli_match_SEALs_128_bit_defaults()
    {
        // BFVDefault: N = 4096 → 109 bits in 3 primes, N = 8192 → 218 bits in 5; the last is the special prime.
        Assert.Equal(2, fixture.N4096.Context.CoeffModulus.Length);
        Assert.Equal(4, fixture.N8192.Context.CoeffModulus.Length);
        Assert.InRange(fixture.N8192.Context.DataModulus.GetBitLength(), 170, 176);
        Assert.All(fixture.N8192.Context.CoeffModulus, q => Assert.True(Reference.IsProbablePrime(q)));
        Assert.Equal(fixture.N4096.Context.DataModulus, fixture.N4096.Context.CoeffModulus.Aggregate(BigInteger.One, (a, q) => a * q));
    }

    [Fact]
    public void A_disposed_context_throws_ObjectDisposedException_on_use()
    {
        var context = new SealContext(fixture.Runtime, EncryptionParameters.Bfv4096());
        context.Dispose();
        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => new BatchEncoder(context));
    }

    [Fact]
    public void A_runtimes_shared_context_is_made_once_per_parameters_and_outlives_Dispose()
    {
        var shared = fixture.Runtime.SharedContext(EncryptionParameters.Bfv4096());
        Assert.True(shared.IsShared);
        Assert.Same(shared, fixture.Runtime.SharedContext(EncryptionParameters.Bfv4096()));
        Assert.NotSame(shared, fixture.Runtime.SharedContext(EncryptionParameters.Create(4096, PrimeField.Create(65537))));
        shared.Dispose();
        using var encoder = new BatchEncoder(shared);
        using var own = new SealContext(fixture.Runtime, EncryptionParameters.Bfv4096());
        Assert.False(own.IsShared);
    }
}
