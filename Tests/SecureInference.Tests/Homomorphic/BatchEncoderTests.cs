using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class BatchEncoderTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void Encode_then_decode_returns_the_residues()
    {
        var keys = fixture.N4096;
        ulong t = keys.Modulus;
        ulong[] values = [0, 1, t - 1, t / 2, t / 2 + 1, 12345];
        using var plain = keys.Encoder.Encode(values);
        ulong[] decoded = keys.Encoder.Decode(plain);
        Assert.Equal(values, decoded[..values.Length]);
        Assert.All(decoded[values.Length..], v => Assert.Equal(0UL, v));
    }

    [Fact]
    public void Encoding_a_value_that_is_not_a_residue_throws_ArgumentOutOfRangeException()
    {
        var keys = fixture.N4096;
        Assert.Throws<ArgumentOutOfRangeException>(() => keys.Encoder.Encode([1, keys.Modulus]));
    }

    [Fact]
    public void Encoding_more_values_than_slots_throws_ArgumentException()
    {
        var keys = fixture.N4096;
        Assert.Throws<ArgumentException>(() => keys.Encoder.Encode(new ulong[keys.Slots + 1]));
    }

    [Fact]
    public void Decoding_into_a_short_span_throws_ArgumentException()
    {
        var keys = fixture.N4096;
        using var plain = keys.Encoder.Encode([1]);
        Assert.Throws<ArgumentException>(() => keys.Encoder.Decode(plain, new ulong[10]));
    }
}
