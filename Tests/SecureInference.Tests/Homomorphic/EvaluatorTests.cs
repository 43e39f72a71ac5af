using System.Numerics;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

[Collection(SealCollection.Name)]
public sealed class EvaluatorTests(SealRuntimeFixture fixture)
{
    private readonly SealKeySet _keys = fixture.N4096;

    private ulong[] Expected(ulong[] a, ulong[] b, Func<BigInteger, BigInteger, BigInteger> op)
    {
        var t = new BigInteger(_keys.Modulus);
        var result = new ulong[a.Length];
        for (int i = 0; i < a.Length; i++)
            result[i] = (ulong)(((op(a[i], b[i]) % t) + t) % t);
        return result;
    }

    private (ulong[] A, ulong[] B, Ciphertext X, Ciphertext Y) Operands(int seed)
    {
        var random = new Random(seed);
        ulong[] a = _keys.RandomSlots(random), b = _keys.RandomSlots(random);
        return (a, b, _keys.Encrypt(a), _keys.Encrypt(b));
    }

    [Fact]
    public void Add_matches_slotwise_addition_mod_t()
    {
        var (a, b, x, y) = Operands(1);
        using (x) using (y) using (var r = _keys.Evaluator.Add(x, y))
            Assert.Equal(Expected(a, b, (u, v) => u + v), _keys.Decrypt(r));
    }

    [Fact]
    public void Sub_matches_slotwise_subtraction_mod_t()
    {
        var (a, b, x, y) = Operands(2);
        using (x) using (y) using (var r = _keys.Evaluator.Sub(x, y))
            Assert.Equal(Expected(a, b, (u, v) => u - v), _keys.Decrypt(r));
    }

    [Fact]
    public void Multiply_matches_slotwise_product_mod_t_and_grows_to_three_polynomials()
    {
        var (a, b, x, y) = Operands(3);
        using (x) using (y) using (var r = _keys.Evaluator.Multiply(x, y))
        {
            Assert.Equal(3, r.Size);
            Assert.Equal(Expected(a, b, (u, v) => u * v), _keys.Decrypt(r));
        }
    }

    [Fact]
    public void Negate_matches_slotwise_negation_mod_t()
    {
        var (a, b, x, y) = Operands(4);
        using (x) using (y) using (var r = _keys.Evaluator.Negate(x))
            Assert.Equal(Expected(a, b, (u, _) => -u), _keys.Decrypt(r));
    }

    [Fact]
    public void AddPlain_SubPlain_and_MultiplyPlain_match_the_plain_computation()
    {
        var (a, b, x, y) = Operands(5);
        using var p = _keys.Encoder.Encode(b);
        using (x) using (y)
        using (var sum = _keys.Evaluator.AddPlain(x, p))
        using (var difference = _keys.Evaluator.SubPlain(x, p))
        using (var product = _keys.Evaluator.MultiplyPlain(x, p))
        {
            Assert.Equal(Expected(a, b, (u, v) => u + v), _keys.Decrypt(sum));
            Assert.Equal(Expected(a, b, (u, v) => u - v), _keys.Decrypt(difference));
            Assert.Equal(Expected(a, b, (u, v) => u * v), _keys.Decrypt(product));
        }
    }

    [Fact]
    public void MultiplyPlain_into_its_own_operand_is_allowed()
    {
        var (a, b, x, y) = Operands(6);
        using var p = _keys.Encoder.Encode(b);
        using (x) using (y)
        {
            _keys.Evaluator.MultiplyPlain(x, p, x);
            Assert.Equal(Expected(a, b, (u, v) => u * v), _keys.Decrypt(x));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(-3)]
    [InlineData(1024)]
    public void RotateRows_rotates_each_row_left_by_the_step(int steps)
    {
        var (a, _, x, y) = Operands(7 + steps);
        int row = _keys.Slots / 2;
        using (x) using (y) using (var r = _keys.Evaluator.RotateRows(x, steps, _keys.GaloisKeys))
        {
            ulong[] got = _keys.Decrypt(r);
            for (int half = 0; half < 2; half++)
                for (int j = 0; j < row; j++)
                    Assert.Equal(a[half * row + (((j + steps) % row) + row) % row], got[half * row + j]);
        }
    }

    [Fact]
    public void RotateColumns_swaps_the_two_rows()
    {
        var (a, _, x, y) = Operands(8);
        int row = _keys.Slots / 2;
        using (x) using (y) using (var r = _keys.Evaluator.RotateColumns(x, _keys.GaloisKeys))
        {
            ulong[] got = _keys.Decrypt(r);
            Assert.Equal(a[row..], got[..row]);
            Assert.Equal(a[..row], got[row..]);
        }
    }

    [Fact]
    public void Rotation_without_a_matching_Galois_key_raises_SealException_with_SEALs_message()
    {
        var (_, _, x, y) = Operands(9);
        using var onlyStepOne = _keys.KeyGenerator.CreateGaloisKeys([1]);
        using (x) using (y)
        {
            var error = Assert.Throws<SealException>(() => _keys.Evaluator.RotateRows(x, 2, onlyStepOne));
            Assert.False(string.IsNullOrEmpty(error.SealMessage));
            Assert.StartsWith("std::", error.SealErrorType);
        }
    }
}
