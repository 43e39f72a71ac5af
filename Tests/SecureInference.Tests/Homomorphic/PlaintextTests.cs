using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class PlaintextTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void An_encoder_can_overwrite_an_existing_plaintext()
    {
        var keys = fixture.N4096;
        using var plain = new Plaintext(fixture.Runtime);
        keys.Encoder.Encode([1, 2], plain);
        keys.Encoder.Encode([3], plain);
        Assert.Equal([3, 0], keys.Encoder.Decode(plain)[..2]);
    }

    [Fact]
    public void A_disposed_plaintext_throws_ObjectDisposedException()
    {
        var keys = fixture.N4096;
        var plain = keys.Encoder.Encode([1]);
        plain.Dispose();
        plain.Dispose();
        Assert.Throws<ObjectDisposedException>(() => keys.Encoder.Decode(plain));
    }
}
