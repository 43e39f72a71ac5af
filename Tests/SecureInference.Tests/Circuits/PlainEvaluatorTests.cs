using System.Numerics;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Tests.Circuits;

public class PlainEvaluatorTests
{
    [Fact]
    public void Adder64_and_mult64_match_ulong_arithmetic_on_random_inputs()
    {
        var adder = PublicCircuits.Load("adder64.txt");
        var mult = PublicCircuits.Load("mult64.txt");
        var random = new Random(64);
        for (var i = 0; i < 100; i++)
        {
            var a = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            var b = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            Assert.Equal(new BigInteger(unchecked(a + b)), PlainEvaluator.Evaluate(adder, [a, b])[0]);
            Assert.Equal(new BigInteger(unchecked(a * b)), PlainEvaluator.Evaluate(mult, [a, b])[0]);
        }
    }

    [Fact]
    public void Zero_equal_is_one_only_for_zero()
    {
        var circuit = PublicCircuits.Load("zero_equal.txt");
        Assert.Equal(BigInteger.One, PlainEvaluator.Evaluate(circuit, [BigInteger.Zero])[0]);
        for (var k = 0; k < 64; k++)
        {
            Assert.Equal(BigInteger.Zero, PlainEvaluator.Evaluate(circuit, [BigInteger.One << k])[0]);
        }
    }

    [Fact]
    public void Input_wider_than_its_wires_is_rejected()
    {
        var circuit = PublicCircuits.Load("adder64.txt");
        Assert.Throws<ArgumentException>(() => PlainEvaluator.Evaluate(circuit, [BigInteger.One << 64, 0]));
    }
}
