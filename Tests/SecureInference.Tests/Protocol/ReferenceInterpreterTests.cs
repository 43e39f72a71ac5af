using PiToolkit.SecureInference.Arithmetic;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

public sealed class ReferenceInterpreterTests
{
    private static readonly PrimeField Field = PrimeField.Delphi;
    private static readonly ulong P = Field.Modulus;

    [Fact]
    public void Fully_connected_relu_and_output_match_a_hand_computation()
    {
        // f = 2: x = [1.0, -0.5] → [4, -2]; W = [[0.5, 1.0], [-1.0, 0.25]] → [[2, 4], [-4, 1]]; b = [0.25, 0] at scale 4 → [4, 0].
        var b = new PlanBuilder([2], new CompileOptions { FractionalBits = 2 });
        int v = b.FullyConnected("fc", PlanBuilder.Input, 2, [0.5f, 1.0f, -1.0f, 0.25f], [0.25f, 0f]);
        v = b.Relu("relu", v);
        b.FullyConnected("out", v, 1, [1.0f, 1.0f], [0f]);
        var model = b.Build();
        ulong[] input = model.Plan.QuantizeInput([1.0f, -0.5f]);

        var result = ReferenceInterpreter.Evaluate(model, input);

        // fc: [2·4 + 4·(−2) + 4, −4·4 + 1·(−2)] = [4, −18] at scale 4; ReLU ÷ 4 → [1, 0]; out: 4·1 = 4 at scale 4 → 0.25.
        Assert.Equal([4UL], result.Output.ToArray());
        Assert.Equal([0.25], result.Logits.ToArray());
        Assert.Equal([0.0], result.ErrorBound.ToArray());
    }

    [Fact]
    public void Identity_positions_truncate_by_flooring_and_carry_an_error_bound_of_one_unit()
    {
        var b = new PlanBuilder([2], new CompileOptions { FractionalBits = 2 });
        int v = b.FullyConnected("fc", PlanBuilder.Input, 2, [1f, 0f, 0f, 1f], [0f, 0f]);
        b.Relu("site", v, [true, false]);
        var model = b.Build();
        // x = [-1.25, -1.25] → −5 each; fc → −20 at scale 4; kept: ReLU → 0; identity: ⌊−20/4⌋ = −5.
        var result = ReferenceInterpreter.Evaluate(model, model.Plan.QuantizeInput([-1.25f, -1.25f]));

        Assert.Equal([0UL, P - 5], result.Output.ToArray());
        Assert.Equal([0.0, 1.0], result.ErrorBound.ToArray());
        Assert.True(result.Admits([0UL, P - 4], Field));
        Assert.False(result.Admits([0UL, P - 7], Field));
        Assert.False(result.Admits([1UL, P - 5], Field));
    }

    [Fact]
    public void Local_share_truncation_is_off_by_at_most_one_for_random_shares()
    {
        var random = new Random(3);
        for (int i = 0; i < 10_000; i++)
        {
            long x = random.NextInt64(-(1L << 30), 1L << 30);
            ulong c = (ulong)random.NextInt64((long)P);
            ulong s = Field.Sub(Field.FromSigned(x), c);
            ulong truncated = Field.Add(LocalTruncation.Client(c, 8), LocalTruncation.Server(s, 8, Field));
            long difference = Field.ToSigned(truncated) - (x >> 8);
            // Wrap-around (probability ~|x|/p ≈ 2^-11 here) is the documented failure; otherwise 0 or 1.
            Assert.True(difference is 0 or 1 || Math.Abs(difference) > 1L << 30, $"x = {x}, difference {difference}");
        }
    }
}
