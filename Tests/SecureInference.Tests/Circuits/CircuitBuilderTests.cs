using System.Numerics;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Tests.Circuits;

public class CircuitBuilderTests
{
    private const int Width = 20;
    private static readonly BigInteger Prime = 1_000_003; // 20 bits

    private static Circuit TwoInputs(Func<CircuitBuilder, int[], int[], IReadOnlyList<int>[]> body)
    {
        var builder = new CircuitBuilder();
        var a = builder.AddInput(Width);
        var b = builder.AddInput(Width);
        foreach (var output in body(builder, a, b))
        {
            builder.AddOutput(output);
        }
        return builder.Build();
    }

    [Fact]
    public void Arithmetic_gadgets_match_integer_arithmetic_on_random_inputs()
    {
        var circuit = TwoInputs((c, a, b) =>
        {
            var (difference, borrow) = c.Subtract(a, b);
            return
            [
                c.Add(a, b, carryOut: true),
                difference,
                [borrow, c.LessThan(a, b), c.LessThanConstant(a, 777_777), c.GreaterOrEqualConstant(a, 4096)],
                c.Mux(c.LessThan(a, b), a, b),
                c.AddModulo(a, b, Prime),
                c.AddConstant(a, 123_456, Width, carryOut: true),
                c.Multiply(a, b, Width),
            ];
        });
        var random = new Random(7);
        var mask = (BigInteger.One << Width) - 1;
        for (var i = 0; i < 300; i++)
        {
            BigInteger a = random.Next(1 << Width), b = random.Next(1 << Width);
            if (i % 3 == 0)
            {
                (a, b) = (a % Prime, b % Prime);
            }
            var r = PlainEvaluator.Evaluate(circuit, [a, b]);
            Assert.Equal(a + b, r[0]);
            Assert.Equal((a - b) & mask, r[1]);
            var lt = a < b ? 1 : 0;
            Assert.Equal(lt | (lt << 1) | ((a < 777_777 ? 1 : 0) << 2) | ((a >= 4096 ? 1 : 0) << 3), (int)r[2]);
            Assert.Equal(BigInteger.Min(a, b), r[3]);
            if (a < Prime && b < Prime)
            {
                Assert.Equal((a + b) % Prime, r[4]);
            }
            Assert.Equal(a + 123_456, r[5]);
            Assert.Equal(a * b & mask, r[6]);
        }
    }

    [Fact]
    public void Constant_operands_spend_fewer_AND_gates_than_variable_ones()
    {
        var variable = new CircuitBuilder();
        var x = variable.AddInput(41);
        var y = variable.AddInput(41);
        variable.LessThan(x, y);
        var constant = new CircuitBuilder();
        var z = constant.AddInput(41);
        constant.LessThanConstant(z, 15L << 36);
        Assert.Equal(41, variable.AndCount);
        Assert.Equal(4, constant.AndCount);
    }

    [Fact]
    public void Gates_on_constants_fold_away()
    {
        var builder = new CircuitBuilder();
        var a = builder.AddInput(1)[0];
        Assert.Equal(a, builder.And(a, builder.One));
        Assert.Equal(builder.Zero, builder.And(a, builder.Zero));
        Assert.Equal(a, builder.Xor(a, builder.Zero));
        Assert.Equal(builder.Zero, builder.Xor(a, a));
        Assert.Equal(0, builder.AndCount);
    }
}
