using PiToolkit.SecureInference.Arithmetic;
using Xunit.Abstractions;
using PiToolkit.SecureInference.Circuits;

namespace PiToolkit.SecureInference.Tests.Circuits;

public class ShareCircuitTests(ITestOutputHelper output)
{
    private const ulong P = PrimeField.DelphiModulus;

    internal static ulong ReferenceRelu(ulong a, ulong b, int f, ulong p = P)
    {
        var x = (ulong)(((UInt128)a + b) % p);
        return x <= (p - 1) / 2 ? x >> f : 0;
    }

    internal static ulong ReferenceTruncate(ulong a, ulong b, int f, ulong p = P)
    {
        var x = (ulong)(((UInt128)a + b) % p);
        var signed = x <= (p - 1) / 2 ? (long)x : (long)x - (long)p;
        var t = signed >> f;
        return t >= 0 ? (ulong)t : (ulong)(t + (long)p);
    }

    /// <summary>x values at the edges the issue names, plus their neighbours.</summary>
    internal static readonly ulong[] EdgeValues = [0, 1, 2, P - 1, P - 2, (P - 1) / 2, (P + 1) / 2, (P - 1) / 2 - 1, (P + 3) / 2, 255, 256, 257];

    internal static IEnumerable<(ulong A, ulong B)> SharesOf(ulong x, Random random)
    {
        yield return (x, 0);
        yield return (0, x);
        yield return (P - 1, (x + 1) % P);
        for (var i = 0; i < 4; i++)
        {
            var a = (ulong)random.NextInt64((long)P);
            yield return (a, (x + P - a) % P);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(12)]
    public void Relu_circuit_matches_plaintext_relu_on_edges_and_random_shares(int f)
    {
        var circuit = ShareCircuit.Relu(PrimeField.Create(P), f);
        var random = new Random(1234 + f);
        foreach (var x in EdgeValues.Concat(Enumerable.Range(0, 200).Select(_ => (ulong)random.NextInt64((long)P))))
        {
            foreach (var (a, b) in SharesOf(x, random))
            {
                Assert.Equal(ReferenceRelu(a, b, f), circuit.EvaluatePlain(a, b));
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    public void Truncate_circuit_rounds_the_signed_value_down_exactly(int f)
    {
        var circuit = ShareCircuit.Truncate(PrimeField.Create(P), f);
        var random = new Random(99 + f);
        foreach (var x in EdgeValues.Concat(Enumerable.Range(0, 200).Select(_ => (ulong)random.NextInt64((long)P))))
        {
            foreach (var (a, b) in SharesOf(x, random))
            {
                Assert.Equal(ReferenceTruncate(a, b, f), circuit.EvaluatePlain(a, b));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Relu_at_41_bits_needs_well_under_Delphis_288_AND_gates(int f)
    {
        var relu = ShareCircuit.Relu(PrimeField.Create(P), f);
        var truncate = ShareCircuit.Truncate(PrimeField.Create(P), Math.Max(f, 1));
        output.WriteLine($"f={f}: relu {relu.Circuit.AndCount} AND, {relu.Outputs.Length} weighted outputs; truncate {truncate.Circuit.AndCount} AND, {truncate.Outputs.Length} outputs");
        Assert.True(relu.Circuit.AndCount < 150, $"{relu.Circuit.AndCount} AND gates");
        Assert.True(truncate.Circuit.AndCount < relu.Circuit.AndCount);
    }

    [Fact]
    public void A_small_prime_gives_correct_results_on_every_share_pair()
    {
        const ulong p = 97; // p − 1 = 96 = 3·2^5
        var relu = ShareCircuit.Relu(PrimeField.Create(p), 2);
        var truncate = ShareCircuit.Truncate(PrimeField.Create(p), 3);
        for (ulong a = 0; a < p; a++)
        {
            for (ulong b = 0; b < p; b++)
            {
                Assert.Equal(ReferenceRelu(a, b, 2, p), relu.EvaluatePlain(a, b));
                Assert.Equal(ReferenceTruncate(a, b, 3, p), truncate.EvaluatePlain(a, b));
            }
        }
    }

    [Fact]
    public void Truncation_that_does_not_divide_p_minus_1_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ShareCircuit.Relu(PrimeField.Create(97), 6));
    }
}
