using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using PiToolkit.SecureInference.Garbling;

namespace PiToolkit.SecureInference.Tests.Garbling;

public class FixedKeyAesTests
{
    [Fact]
    public void Portable_AES_matches_the_FIPS_197_appendix_C1_vector()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        var block = Convert.FromHexString("00112233445566778899aabbccddeeff");
        PortableAes.EncryptBlock(PortableAes.ExpandKey(key), block);
        Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", Convert.ToHexStringLower(block));
    }

    [Fact]
    public void Portable_AES_matches_System_Security_Cryptography_on_random_keys()
    {
        using var aes = Aes.Create();
        for (var i = 0; i < 50; i++)
        {
            var key = RandomNumberGenerator.GetBytes(16);
            var block = RandomNumberGenerator.GetBytes(16);
            aes.Key = key;
            var expected = aes.EncryptEcb(block, PaddingMode.None);
            PortableAes.EncryptBlock(PortableAes.ExpandKey(key), block);
            Assert.Equal(expected, block);
        }
    }

    [Fact]
    public void The_fixed_key_permutation_is_AES_under_the_fixed_key_on_both_paths()
    {
        using var aes = Aes.Create();
        aes.Key = FixedKeyAes.Key;
        for (var i = 0; i < 20; i++)
        {
            var block = RandomNumberGenerator.GetBytes(16);
            var expected = Vector128.Create((ReadOnlySpan<byte>)aes.EncryptEcb(block, PaddingMode.None));
            var x = Vector128.Create((ReadOnlySpan<byte>)block);
            Assert.Equal(expected, PortablePermutation.Permute(x));
            if (FixedKeyAes.IsHardwareAccelerated)
            {
                Assert.Equal(expected, AesNiPermutation.Permute(x));
                Vector128<byte> a = x, b = ~x, c = x ^ expected, d = expected;
                AesNiPermutation.Permute4(ref a, ref b, ref c, ref d);
                Assert.Equal(expected, a);
                Assert.Equal(PortablePermutation.Permute(~x), b);
                Assert.Equal(PortablePermutation.Permute(x ^ expected), c);
                Assert.Equal(PortablePermutation.Permute(expected), d);
            }
        }
    }

    [Fact]
    public void This_machine_takes_the_hardware_path_unless_told_otherwise()
    {
        Assert.Equal(System.Runtime.Intrinsics.X86.Aes.IsSupported, FixedKeyAes.UsesHardware);
        using (FixedKeyAes.ForcePortable())
        {
            Assert.False(FixedKeyAes.UsesHardware);
        }
        Assert.Equal(System.Runtime.Intrinsics.X86.Aes.IsSupported, FixedKeyAes.UsesHardware);
    }

    /// <summary>
    /// TMMO, H(x, (i, d)) = π(π(x) ⊕ (i ‖ d)) ⊕ π(x) with the tweak's two 64-bit halves little-endian,
    /// written out with System.Security.Cryptography's AES as π: the reference every hash path is
    /// checked against.
    /// </summary>
    internal static byte[] ReferenceHash(Aes aes, ReadOnlySpan<byte> x, ulong tweak, ulong domain)
    {
        var p = aes.EncryptEcb(x, PaddingMode.None);
        var input = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(input, tweak);
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(8), domain);
        for (var k = 0; k < 16; k++) input[k] ^= p[k];
        var h = aes.EncryptEcb(input, PaddingMode.None);
        for (var k = 0; k < 16; k++) h[k] ^= p[k];
        return h;
    }

    internal static Aes FixedKeyReference()
    {
        var aes = Aes.Create();
        aes.Key = FixedKeyAes.Key;
        return aes;
    }

    [Theory]
    // Computed outside .NET (Python's cryptography package, AES-128-ECB under the fixed key
    // a5bb7c57b0968dd98341218839cc5180) from the formula of Guo, Katz, Wang, Yu (S&P 2020).
    [InlineData("000102030405060708090a0b0c0d0e0f", 0UL, 0UL, "c49a121019b6b5fabe4935efab0fce18")]
    [InlineData("000102030405060708090a0b0c0d0e0f", 5UL, 2UL, "87eaee482d060f3fe805939d1a780003")]
    [InlineData("00000000000000000000000000000000", ulong.MaxValue, 1UL, "7b3ee3b47647d38184bff622f62b25b5")]
    public void The_tweakable_hash_matches_TMMO_known_answers_on_both_paths(string x, ulong tweak, ulong domain, string expected)
    {
        Assert.Equal("a5bb7c57b0968dd98341218839cc5180", Convert.ToHexStringLower(FixedKeyAes.Key));
        using (var aes = FixedKeyReference())
        {
            Assert.Equal(expected, Convert.ToHexStringLower(ReferenceHash(aes, Convert.FromHexString(x), tweak, domain)));
        }
        var block = Vector128.Create((ReadOnlySpan<byte>)Convert.FromHexString(x));
        var expectedBlock = Vector128.Create((ReadOnlySpan<byte>)Convert.FromHexString(expected));
        Assert.Equal(expectedBlock, TweakableHash.Hash<PortablePermutation>(block, TweakableHash.Tweak(tweak, domain)));
        if (FixedKeyAes.IsHardwareAccelerated)
        {
            Assert.Equal(expectedBlock, TweakableHash.Hash<AesNiPermutation>(block, TweakableHash.Tweak(tweak, domain)));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Hashing_many_blocks_equals_the_System_Security_Cryptography_reference(bool portable)
    {
        using var aes = FixedKeyReference();
        using var path = portable ? FixedKeyAes.ForcePortable() : null;
        Assert.Equal(!portable && FixedKeyAes.IsHardwareAccelerated, FixedKeyAes.UsesHardware);
        var blocks = new Vector128<byte>[7];
        for (var i = 0; i < blocks.Length; i++) blocks[i] = Vector128.Create((ReadOnlySpan<byte>)RandomNumberGenerator.GetBytes(16));
        var many = (Vector128<byte>[])blocks.Clone();
        TweakableHash.HashMany(many, 10, 3, 5);
        for (var i = 0; i < blocks.Length; i++)
        {
            var x = new byte[16];
            blocks[i].CopyTo(x);
            var expected = Vector128.Create((ReadOnlySpan<byte>)ReferenceHash(aes, x, 10 + 3 * (ulong)i, 5));
            Assert.Equal(expected, many[i]);
        }
    }
}
