using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

public sealed class PlanBuilderTests
{
    [Fact]
    public void Max_pooling_is_refused_naming_the_layer_and_the_alternative()
    {
        var b = new PlanBuilder([1, 4, 4]);
        var error = Assert.Throws<ModelCompilationException>(() => b.MaxPool("features.pool1", PlanBuilder.Input, 2));
        Assert.Equal("features.pool1", error.Layer);
        Assert.Contains("--pooling avg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headroom_check_refuses_a_layer_that_can_overflow_and_names_it()
    {
        var b = new PlanBuilder([64], new CompileOptions { FractionalBits = 16, InputBound = 100 });
        int v = b.FullyConnected("fc1", PlanBuilder.Input, 64, Enumerable.Repeat(50f, 64 * 64).ToArray(), new float[64]);
        v = b.Relu("relu1", v);
        b.FullyConnected("fc2", v, 2, Enumerable.Repeat(50f, 128).ToArray(), new float[2]);
        var error = Assert.Throws<ModelCompilationException>(() => b.Build());
        Assert.Equal("fc1", error.Layer);
        Assert.Contains("margin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headroom_report_gives_a_positive_margin_for_a_model_that_fits()
    {
        var model = TestModels.AllKept(1);
        Assert.Equal(model.Plan.Steps.Length, model.Headroom.Layers.Length);
        Assert.True(model.Headroom.MarginBits > 10, $"{model.Headroom.MarginBits} bits");
        Assert.Equal(0, model.Headroom.TruncationFailureBound); // every truncation is inside a circuit
    }

    [Fact]
    public void Scales_follow_the_fixed_point_rules_and_truncation_goes_into_the_relu_circuit()
    {
        var plan = TestModels.AllKept(1).Plan;
        int f = plan.FractionalBits;
        Assert.Equal(2 * f, plan.Steps[0].OutputScale);                         // conv: f + f
        Assert.Equal(f, ((ReluStep)plan.Steps[1]).TruncationBits);              // ReLU truncates f
        Assert.Equal(f + 2, plan.Steps[2].OutputScale);                         // 2×2 sum pool adds 2 bits
        Assert.Equal(2 * f + 2, plan.Steps[3].OutputScale);                     // conv on the pooled value
        Assert.Equal(f + 2, ((ReluStep)plan.Steps[4]).TruncationBits);          // exact, in the circuit
        Assert.Equal([f, f + 2], plan.CircuitTruncations.ToArray());
        Assert.DoesNotContain(plan.Steps, s => s is TruncateStep or ReshareStep);
    }

    [Fact]
    public void Linear_after_linear_gets_a_local_truncation_and_a_residual_add_into_a_relu_gets_a_reshare()
    {
        var plan = TestModels.Mixed(2).Plan;
        // fc1 follows a 3×3 pool (its multiplier adds f bits); fc3 follows fc2 directly.
        var truncations = plan.Steps.OfType<TruncateStep>().ToList();
        Assert.Equal(["fc1.truncate", "fc3.truncate"], truncations.Select(t => t.Name));
        Assert.All(truncations, t => Assert.Equal(plan.FractionalBits, t.Bits));
        var reshare = Assert.Single(plan.Steps.OfType<ReshareStep>());
        Assert.IsType<AddStep>(plan.Steps[reshare.Inputs[0] - 1]);
        var add = Assert.Single(plan.Steps.OfType<AddStep>());
        Assert.Equal((0, plan.FractionalBits), (add.LeftLift, add.RightLift)); // the ReLU output is lifted to the conv's scale
        var pool = Assert.Single(plan.Steps.OfType<SumPoolStep>());
        Assert.Equal((ulong)Math.Round(256.0 / 9), pool.Multiplier);
        Assert.Equal(72 - 24 + 72, plan.ReluCount);
        Assert.Equal(24 + 5, plan.IdentityCount);
    }

    [Fact]
    public void Fingerprint_covers_the_public_shape_but_not_the_weights()
    {
        var a = TestModels.AllKept(1).Plan;
        var b = TestModels.AllKept(2).Plan;                    // other weights, same shape
        var c = TestModels.AllKept(1, new CompileOptions { FractionalBits = 7 }).Plan;
        Assert.Equal(a.Fingerprint.ToArray(), b.Fingerprint.ToArray());
        Assert.NotEqual(a.Fingerprint.ToArray(), c.Fingerprint.ToArray());
    }
}
