using System.Numerics;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Tests.Circuits;

public class BristolFormatTests
{
    [Fact]
    public void Known_answer_values_are_the_decimal_ones_the_README_states()
    {
        Assert.Equal(new BigInteger(123456789), Bits.ParseHex("75bcd15"));
        Assert.Equal(new BigInteger(1111111110), Bits.ParseHex("423a35c6"));
        Assert.Equal(new BigInteger(123457159370367), Bits.ParseHex("70489c21167f"));
        Assert.Equal(new BigInteger(1000003), Bits.ParseHex("f4243"));
    }

    [Theory]
    [MemberData(nameof(PublicCircuits.KnownAnswers), MemberType = typeof(PublicCircuits))]
    public void Shared_circuits_evaluated_in_the_clear_reproduce_the_known_answers(string file, string[] inputs, string[] outputs)
    {
        var circuit = PublicCircuits.Load(file);
        var result = PlainEvaluator.Evaluate(circuit, PublicCircuits.Hex(inputs));
        Assert.Equal(PublicCircuits.Hex(outputs), result);
    }

    [Fact]
    public void Gate_counts_match_the_README()
    {
        Assert.Equal(376, PublicCircuits.Load("adder64.txt").GateCount);
        Assert.Equal(13675, PublicCircuits.Load("mult64.txt").GateCount);
        var aes = PublicCircuits.Load("aes_128.txt");
        Assert.Equal(36663, aes.GateCount);
        Assert.Equal(6400, aes.AndCount);
    }

    [Fact]
    public void Writing_then_reading_a_built_circuit_keeps_its_function()
    {
        var builder = new CircuitBuilder();
        var a = builder.AddInput(16);
        var b = builder.AddInput(16);
        builder.AddOutput(builder.Add(a, b, carryOut: true));
        builder.AddOutput([builder.LessThan(a, b), builder.One, builder.Zero]);
        var circuit = builder.Build();
        var text = new StringWriter();
        BristolFormat.Write(circuit, text);
        var back = BristolFormat.Read(new StringReader(text.ToString()));
        var random = new Random(5);
        for (var i = 0; i < 50; i++)
        {
            BigInteger[] inputs = [random.Next(65536), random.Next(65536)];
            Assert.Equal(PlainEvaluator.Evaluate(circuit, inputs), PlainEvaluator.Evaluate(back, inputs));
        }
    }

    [Fact]
    public void Mand_gates_expand_into_pairwise_ands()
    {
        const string text = "1 6\n2 2 2\n1 2\n\n4 2 0 1 2 3 4 5 MAND\n";
        var circuit = BristolFormat.Read(new StringReader(text));
        Assert.Equal(2, circuit.AndCount);
        Assert.Equal(new BigInteger(0b01), PlainEvaluator.Evaluate(circuit, [0b11, 0b01])[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1 3\n2 1 1\n1 1\n2 1 0 1 2 NAND\n")]
    [InlineData("1 3\n2 1 1\n1 1\n2 1 0 7 2 AND\n")]
    [InlineData("2 3\n2 1 1\n1 1\n2 1 0 1 2 AND\n")]
    [InlineData("1 3\n2 1 1\n1 1\n2 1 0 2 2 XOR\n")]
    [InlineData("x 3\n")]
    public void Malformed_circuit_text_raises_a_format_error(string text)
    {
        Assert.Throws<CircuitFormatException>(() => BristolFormat.Read(new StringReader(text)));
    }
}
