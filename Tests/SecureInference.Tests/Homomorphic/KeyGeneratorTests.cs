using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class KeyGeneratorTests(SealRuntimeFixture fixture)
{
    [Theory]
    [InlineData(0)]
    [InlineData(2048)]
    [InlineData(-2048)]
    public void Galois_steps_outside_the_row_are_rejected(int step)
    {
        var keys = fixture.N4096;
        Assert.Throws<ArgumentException>(() => keys.KeyGenerator.CreateGaloisKeys([step]));
    }

    [Fact]
    public void An_empty_step_list_is_rejected()
    {
        var keys = fixture.N4096;
        Assert.Throws<ArgumentException>(() => keys.KeyGenerator.SaveGaloisKeys([]));
    }

    [Fact]
    public void Public_keys_from_one_generator_differ_but_share_the_secret_key()
    {
        var keys = fixture.N4096;
        using var second = keys.KeyGenerator.CreatePublicKey();
        Assert.NotEqual(keys.PublicKey.Save(SealCompression.None), second.Save(SealCompression.None));
        using var encryptor = new Encryptor(keys.Context, second);
        using var plain = keys.Encoder.Encode([99]);
        using var ct = encryptor.Encrypt(plain);
        Assert.Equal(99UL, keys.Decrypt(ct)[0]);
    }
}
