using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class SealRuntimeTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void Key_generation_draws_its_randomness_through_the_dotnet_bridge()
    {
        var runtime = fixture.Runtime;
        long servedBefore = runtime.RandomBytesServed;
        using (var generator = new KeyGenerator(fixture.N4096.Context))
        using (var key = generator.CreatePublicKey())
        {
            Assert.True(runtime.RandomBytesServed > servedBefore);
        }
        // Every byte SEAL took came out of pools that RandomNumberGenerator filled.
        Assert.True(runtime.RandomRefillCount >= 1);
        Assert.True(runtime.RandomBytesServed <= runtime.RandomBytesSupplied);
    }

    [Fact]
    public void Two_key_generations_give_different_keys_that_cannot_decrypt_each_other()
    {
        var keys = fixture.N4096;
        using var other = new KeyGenerator(keys.Context);
        using var otherSecret = other.GetSecretKey();
        using var otherPublic = other.CreatePublicKey();
        Assert.NotEqual(keys.PublicKey.Save(SealCompression.None), otherPublic.Save(SealCompression.None));

        ulong[] values = keys.RandomSlots(new Random(3));
        using var ct = keys.Encrypt(values);
        using var wrongDecryptor = new Decryptor(keys.Context, otherSecret);
        using var plain = wrongDecryptor.Decrypt(ct);
        Assert.NotEqual(values, keys.Encoder.Decode(plain));
    }

    [Fact]
    public void Objects_of_another_runtime_are_rejected_and_a_disposed_runtime_throws_ObjectDisposedException()
    {
        var runtime = SealRuntime.Create();
        var context = new SealContext(runtime, EncryptionParameters.Bfv4096());
        var plain = new Plaintext(runtime);
        Assert.Throws<ArgumentException>(() => fixture.N4096.Encoder.Encode([1, 2, 3], plain));

        runtime.Dispose();
        runtime.Dispose();
        Assert.Throws<ObjectDisposedException>(() => new KeyGenerator(context));
        context.Dispose();
        plain.Dispose();
    }

    [Fact]
    public void Finalized_wrappers_release_their_SEAL_objects_at_the_next_call()
    {
        var runtime = fixture.Runtime;
        int before = runtime.LiveObjectCount;
        LeakCiphertexts(runtime, 5);
        Assert.Equal(before + 5, runtime.LiveObjectCount);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal(before, runtime.LiveObjectCount);
    }

    [Fact]
    public void Calls_from_many_threads_are_serialised_and_all_succeed()
    {
        var keys = fixture.N4096;
        ulong[] values = keys.RandomSlots(new Random(11));
        using var ct = keys.Encrypt(values);
        var results = new ulong[4][];
        Parallel.For(0, 4, i =>
        {
            using var sum = keys.Evaluator.Add(ct, ct);
            results[i] = keys.Decrypt(sum);
        });
        ulong[] expected = values.Select(v => (ulong)(((UInt128)v * 2) % keys.Modulus)).ToArray();
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LeakCiphertexts(SealRuntime runtime, int count)
    {
        for (int i = 0; i < count; i++)
            _ = new Ciphertext(runtime);
    }
}
