using System.Numerics;
using PiToolkit.SecureInference.Garbling;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Tests.Garbling;

public class GarbledExecutionTests
{
    private static async Task<BigInteger[]> TwoParty(string kind, string file, BigInteger[] inputs)
    {
        var circuit = PublicCircuits.Load(file);
        using var pair = await LoopbackPair.ConnectAsync(kind == "tcp" ? LoopbackTransport.Tcp : LoopbackTransport.Memory);
        var (_, result) = await pair.RunAsync(
            garbler => { GarbledExecution.RunGarbler(garbler, circuit, inputs[..1]); return true; },
            evaluator => GarbledExecution.RunEvaluator(evaluator, circuit, inputs[1..]));
        return result;
    }

    [Theory]
    [MemberData(nameof(PublicCircuits.KnownAnswers), MemberType = typeof(PublicCircuits))]
    public async Task Two_party_execution_of_the_shared_circuits_reproduces_the_known_answers(string file, string[] inputs, string[] outputs)
    {
        var values = PublicCircuits.Hex(inputs);
        if (values.Length == 1)
        {
            // zero_equal has one input: let the garbler own it, the evaluator has none.
            values = [values[0]];
        }
        Assert.Equal(PublicCircuits.Hex(outputs), await TwoParty("memory", file, values));
    }

    [Fact]
    public async Task Two_party_aes128_over_loopback_TCP_matches_the_FIPS_197_vector()
    {
        var result = await TwoParty("tcp", "aes_128.txt",
            PublicCircuits.Hex(["000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff"]));
        Assert.Equal(PiToolkit.SecureInference.Circuits.Bits.ParseHex("69c4e0d86a7b0430d8cdb78070b4c55a"), result[0]);
    }

    [Fact]
    public async Task An_evaluator_holding_another_circuit_gets_a_protocol_error()
    {
        // The evaluator's ProtocolException is the cause; the garbler's IOException on the closed
        // channel is its consequence, and the pair reports only the cause.
        using var pair = await LoopbackPair.ConnectAsync(LoopbackTransport.Memory);
        await Assert.ThrowsAsync<ProtocolException>(() => pair.RunAsync(
            garbler => GarbledExecution.RunGarbler(garbler, PublicCircuits.Load("adder64.txt"), [BigInteger.One]),
            evaluator => { GarbledExecution.RunEvaluator(evaluator, PublicCircuits.Load("mult64.txt"), [BigInteger.One]); }));
    }
}
