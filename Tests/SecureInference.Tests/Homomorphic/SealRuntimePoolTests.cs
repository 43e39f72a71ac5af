using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class SealRuntimePoolTests
{
    [Fact]
    public void A_returned_runtime_is_rented_again_clean_and_still_computes_correctly()
    {
        var pool = new SealRuntimePool(maxIdle: 1);
        var first = pool.Rent();
        RoundTrip(first, seed: 1);
        // Only the runtime's shared context outlives the round trip (SealRuntime.SharedContext).
        Assert.Equal(1, first.LiveObjectCount);
        pool.Return(first);
        Assert.Equal(1, pool.IdleCount);

        var again = pool.Rent();
        Assert.Same(first, again);
        Assert.Equal((1L, 1L), (pool.Created, pool.Reused));
        RoundTrip(again, seed: 2);
        Assert.Equal(1, again.LiveObjectCount);
        pool.Return(again, reusable: false);
        Assert.True(again.IsDisposed);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void Runtimes_beyond_the_idle_limit_are_disposed_and_a_lease_gives_back_once()
    {
        var pool = new SealRuntimePool(maxIdle: 1);
        var a = pool.Lease();
        var b = pool.Lease();
        var (ra, rb) = (a.Runtime, b.Runtime);
        Assert.NotSame(ra, rb);
        a.Dispose();
        a.Dispose();
        b.Dispose();
        Assert.Equal(1, pool.IdleCount);
        Assert.False(ra.IsDisposed);
        Assert.True(rb.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => a.Runtime);

        // A runtime disposed behind the pool's back is not handed out again.
        ra.Dispose();
        using var c = pool.Lease();
        Assert.NotSame(ra, c.Runtime);
        Assert.Equal(3, pool.Created);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.MaxIdle = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SealRuntimePool(-1));
    }

    private static void RoundTrip(SealRuntime runtime, int seed)
    {
        using var keys = new SealKeySet(runtime, EncryptionParameters.Bfv4096());
        ulong[] values = keys.RandomSlots(new Random(seed));
        using var ciphertext = keys.Encrypt(values);
        Assert.Equal(values, keys.Decrypt(ciphertext));
    }
}
