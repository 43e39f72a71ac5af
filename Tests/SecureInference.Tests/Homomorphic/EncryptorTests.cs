using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class EncryptorTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void Public_key_encryption_round_trips_at_N8192_with_Delphis_prime()
    {
        var keys = fixture.N8192;
        ulong[] values = keys.RandomSlots(new Random(8192));
        using var ct = keys.Encrypt(values);
        Assert.Equal(values, keys.Decrypt(ct));
    }

    [Fact]
    public void Seeded_symmetric_ciphertexts_are_about_half_the_size_and_decrypt_correctly()
    {
        var keys = fixture.N8192;
        ulong[] values = keys.RandomSlots(new Random(5));
        using var plain = keys.Encoder.Encode(values);
        using var full = keys.Encryptor.Encrypt(plain);
        byte[] seeded = keys.Encryptor.EncryptSymmetricSerialized(plain, SealCompression.None);
        byte[] whole = full.Save(SealCompression.None);

        Assert.Equal(524_401, whole.Length);
        Assert.InRange(seeded.Length, whole.Length * 0.45, whole.Length * 0.55);
        using var loaded = Ciphertext.Load(keys.Context, seeded);
        Assert.Equal(values, keys.Decrypt(loaded));
    }

    [Fact]
    public void Encryptions_of_the_same_plaintext_differ()
    {
        var keys = fixture.N4096;
        using var plain = keys.Encoder.Encode([7, 7, 7]);
        using var a = keys.Encryptor.Encrypt(plain);
        using var b = keys.Encryptor.Encrypt(plain);
        Assert.NotEqual(a.Save(SealCompression.None), b.Save(SealCompression.None));
    }

    [Fact]
    public void Symmetric_encryption_without_the_secret_key_throws_InvalidOperationException()
    {
        var keys = fixture.N4096;
        using var publicOnly = new Encryptor(keys.Context, keys.PublicKey);
        using var plain = keys.Encoder.Encode([1]);
        Assert.Throws<InvalidOperationException>(() => publicOnly.EncryptSymmetricSerialized(plain));
    }
}
