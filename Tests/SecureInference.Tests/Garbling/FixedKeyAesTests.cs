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

    [Fact]
    public void Hashing_many_blocks_equals_hashing_them_one_at_a_time()
    {
        var blocks = new Vector128<byte>[7];
        for (var i = 0; i < blocks.Length; i++) blocks[i] = Vector128.Create((ReadOnlySpan<byte>)RandomNumberGenerator.GetBytes(16));
        var many = (Vector128<byte>[])blocks.Clone();
        TweakableHash.HashMany(many, 10, 3, 5);
        for (var i = 0; i < blocks.Length; i++)
        {
            var s = TweakableHash.Sigma(blocks[i]);
            var expected = PortablePermutation.Permute(s ^ TweakableHash.Tweak(10 + 3 * (ulong)i, 5)) ^ s;
            Assert.Equal(expected, many[i]);
        }
    }
}
