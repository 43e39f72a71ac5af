using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class GaloisKeysTests(SealRuntimeFixture fixture)
{
    [Fact]
    public void Loaded_seeded_Galois_keys_rotate_by_their_steps()
    {
        var keys = fixture.N4096;
        byte[] bytes = keys.KeyGenerator.SaveGaloisKeys([3, 7]);
        using var loaded = GaloisKeys.Load(keys.Context, bytes);
        ulong[] values = keys.RandomSlots(new Random(37));
        using var ct = keys.Encrypt(values);
        using var rotated = keys.Evaluator.RotateRows(ct, 7, loaded);
        Assert.Equal(values[7], keys.Decrypt(rotated)[0]);
    }

    [Fact]
    public void Saved_Galois_keys_round_trip_and_truncation_raises_SealFormatException()
    {
        var keys = fixture.N4096;
        using var galois = keys.KeyGenerator.CreateGaloisKeys([1]);
        byte[] bytes = galois.Save();
        using (var loaded = GaloisKeys.Load(keys.Context, bytes))
        using (var ct = keys.Encrypt([5, 6]))
        using (var rotated = keys.Evaluator.RotateRows(ct, 1, loaded))
            Assert.Equal(6UL, keys.Decrypt(rotated)[0]);
        Assert.Throws<SealFormatException>(() => GaloisKeys.Load(keys.Context, bytes.AsSpan(0, bytes.Length - 100)));
    }
}
