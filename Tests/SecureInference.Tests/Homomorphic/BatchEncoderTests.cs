using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class BatchEncoderTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void Encode_then_decode_returns_the_canonical_residues()
    {
        var keys = fixture.N4096;
        long t = (long)keys.Modulus;
        long[] values = [0, 1, -1, t, t + 5, -t - 7, long.MaxValue, long.MinValue];
        using var plain = keys.Encoder.Encode(values);
        long[] decoded = keys.Encoder.Decode(plain);
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(Reference.Mod(values[i], keys.Modulus), decoded[i]);
        Assert.All(decoded[values.Length..], v => Assert.Equal(0, v));
    }

    [Fact]
    public void Encoding_more_values_than_slots_throws_ArgumentException()
    {
        var keys = fixture.N4096;
        Assert.Throws<ArgumentException>(() => keys.Encoder.Encode(new long[keys.Slots + 1]));
    }

    [Fact]
    public void Decoding_into_a_short_span_throws_ArgumentException()
    {
        var keys = fixture.N4096;
        using var plain = keys.Encoder.Encode([1]);
        Assert.Throws<ArgumentException>(() => keys.Encoder.Decode(plain, new long[10]));
    }
}
