using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class DecryptorTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void Noise_budget_is_positive_when_fresh_and_shrinks_after_multiply_plain()
    {
        var keys = fixture.N4096;
        ulong[] values = keys.RandomSlots(new Random(1));
        using var ct = keys.Encrypt(values);
        using var plain = keys.Encoder.Encode(values);
        int fresh = keys.Decryptor.InvariantNoiseBudget(ct);
        using var product = keys.Evaluator.MultiplyPlain(ct, plain);
        int after = keys.Decryptor.InvariantNoiseBudget(product);

        Assert.InRange(fresh, 30, 60);
        Assert.True(after < fresh - 15, $"{fresh} → {after}");
        Assert.True(after > 0);
    }

    [Fact]
    public void Decrypt_into_an_existing_plaintext_round_trips()
    {
        var keys = fixture.N4096;
        ulong[] values = keys.RandomSlots(new Random(2));
        using var ct = keys.Encrypt(values);
        using var destination = new Plaintext(fixture.Runtime);
        keys.Decryptor.Decrypt(ct, destination);
        Assert.Equal(values, keys.Encoder.Decode(destination));
    }
}
