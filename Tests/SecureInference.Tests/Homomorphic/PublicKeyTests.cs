using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class PublicKeyTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void A_loaded_public_key_encrypts_for_the_original_secret_key()
    {
        var keys = fixture.N4096;
        foreach (byte[] bytes in new[] { keys.PublicKey.Save(), keys.KeyGenerator.SavePublicKey() })
        {
            using var loaded = PublicKey.Load(keys.Context, bytes);
            using var encryptor = new Encryptor(keys.Context, loaded);
            using var plain = keys.Encoder.Encode([3, 1, 4]);
            using var ct = encryptor.Encrypt(plain);
            Assert.Equal([3, 1, 4], keys.Decrypt(ct)[..3]);
        }
    }

    [Fact]
    public void Seeded_public_key_bytes_are_about_half_the_size()
    {
        var keys = fixture.N4096;
        int full = keys.PublicKey.Save(SealCompression.None).Length;
        int seeded = keys.KeyGenerator.SavePublicKey(SealCompression.None).Length;
        Assert.InRange(seeded, full * 0.45, full * 0.55);
    }

    [Fact]
    public void Truncated_or_foreign_public_key_bytes_raise_SealFormatException()
    {
        var keys = fixture.N4096;
        byte[] bytes = keys.PublicKey.Save(SealCompression.None);
        Assert.Throws<SealFormatException>(() => PublicKey.Load(keys.Context, bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Throws<SealFormatException>(() => PublicKey.Load(fixture.N8192.Context, bytes));
        var error = Assert.Throws<SealFormatException>(() => PublicKey.Load(keys.Context, new byte[] { 1, 2, 3 }));
        Assert.Equal("PublicKey", error.ObjectKind);
    }
}
