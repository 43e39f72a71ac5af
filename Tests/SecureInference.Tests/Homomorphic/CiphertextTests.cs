using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class CiphertextTests(SealRuntimeFixture fixture)
{
    [Theory]
    [InlineData(SealCompression.None)]
    [InlineData(SealCompression.Zlib)]
    [InlineData(SealCompression.Zstd)]
    public void Save_then_load_round_trips(SealCompression compression)
    {
        var keys = fixture.N4096;
        ulong[] values = keys.RandomSlots(new Random((int)compression));
        using var ct = keys.Encrypt(values);
        byte[] bytes = ct.Save(compression);
        using var loaded = Ciphertext.Load(keys.Context, bytes);
        Assert.Equal(values, keys.Decrypt(loaded));
        if (compression != SealCompression.None)
            Assert.True(bytes.Length < ct.Save(SealCompression.None).Length);
    }

    [Fact]
    public void Truncated_bytes_raise_SealFormatException()
    {
        var keys = fixture.N4096;
        using var ct = keys.Encrypt([1, 2, 3]);
        byte[] bytes = ct.Save(SealCompression.None);
        foreach (int length in new[] { 0, 10, 16, 200, bytes.Length - 1 })
        {
            var error = Assert.Throws<SealFormatException>(() => Ciphertext.Load(keys.Context, bytes.AsSpan(0, length)));
            Assert.Equal("Ciphertext", error.ObjectKind);
        }
    }

    [Fact]
    public void Garbage_bytes_raise_SealFormatException()
    {
        var keys = fixture.N4096;
        var random = new Random(9);
        foreach (int length in new[] { 1, 64, 5000 })
        {
            var garbage = new byte[length];
            random.NextBytes(garbage);
            Assert.Throws<SealFormatException>(() => Ciphertext.Load(keys.Context, garbage));
        }
    }

    [Theory]
    [InlineData(0)]    // SEAL header magic
    [InlineData(5)]    // compression mode
    [InlineData(9)]    // declared total size
    [InlineData(20)]   // parms_id
    [InlineData(58)]   // poly_modulus_degree
    public void Corrupted_header_fields_raise_SealFormatException(int offset)
    {
        var keys = fixture.N4096;
        using var ct = keys.Encrypt([1]);
        byte[] corrupted = ct.Save(SealCompression.None);
        corrupted[offset] ^= 0x5A;
        Assert.Throws<SealFormatException>(() => Ciphertext.Load(keys.Context, corrupted));
    }

    [Fact]
    public void A_coefficient_pushed_out_of_range_raises_SealFormatException()
    {
        // In-range payload changes are undetectable by design (integrity is the transport's job),
        // but SEAL's validating load rejects a coefficient ≥ q_j.
        var keys = fixture.N4096;
        using var ct = keys.Encrypt([1]);
        byte[] corrupted = ct.Save(SealCompression.None);
        corrupted.AsSpan(113 + 8 * 100, 8).Fill(0xFF);
        Assert.Throws<SealFormatException>(() => Ciphertext.Load(keys.Context, corrupted));
    }

    [Fact]
    public void A_ciphertext_for_other_parameters_raises_SealFormatException()
    {
        using var otherContext = new SealContext(fixture.Runtime, EncryptionParameters.Create(4096, PrimeField.Create(65537)));
        var keys = fixture.N4096;
        using var ct = keys.Encrypt([1, 2]);
        Assert.Throws<SealFormatException>(() => Ciphertext.Load(otherContext, ct.Save()));
        using var big = fixture.N8192.Encrypt([1, 2]);
        Assert.Throws<SealFormatException>(() => Ciphertext.Load(keys.Context, big.Save()));
    }

    [Fact]
    public void Dispose_twice_is_harmless_and_use_after_dispose_throws_ObjectDisposedException()
    {
        var keys = fixture.N4096;
        var ct = keys.Encrypt([4]);
        ct.Dispose();
        ct.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ct.Save());
        Assert.Throws<ObjectDisposedException>(() => ct.Size);
        Assert.Throws<ObjectDisposedException>(() => keys.Decrypt(ct));
        using var other = keys.Encrypt([5]);
        Assert.Throws<ObjectDisposedException>(() => keys.Evaluator.Add(other, ct));
    }

    [Fact]
    public void Clone_is_independent_of_the_original()
    {
        var keys = fixture.N4096;
        using var ct = keys.Encrypt([10, 20]);
        using var copy = ct.Clone();
        keys.Evaluator.Add(ct, ct, ct);
        Assert.Equal([10, 20], keys.Decrypt(copy)[..2]);
        Assert.Equal([20, 40], keys.Decrypt(ct)[..2]);
    }
}
