using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

public sealed class CalibratedHeadroomTests
{
    // Twelve 32×32 layers with weights ±0.5: the worst case grows by Σ|w| = 16 (4 bits) per layer and
    // overflows Delphi's p, while inputs in [−1, 1] through random-sign weights stay near √32·0.5 ≈ 2.8
    // per layer (ReLU roughly halves it), far below p.
    private static PlanBuilder DeepModel(CompileOptions options, float scale = 0.5f)
    {
        var random = new Random(12);
        var b = new PlanBuilder([32], options);
        int v = PlanBuilder.Input;
        for (int layer = 0; layer < 12; layer++)
        {
            float[] weights = [.. Enumerable.Range(0, 32 * 32).Select(_ => random.Next(2) == 0 ? -scale : scale)];
            v = b.FullyConnected($"fc{layer}", v, 32, weights, new float[32]);
            v = b.Relu($"relu{layer}", v);
        }
        b.FullyConnected("out", v, 4, [.. Enumerable.Range(0, 128).Select(_ => random.Next(2) == 0 ? -scale : scale)], new float[4]);
        return b;
    }

    private static float[][] Samples(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 32).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray())];
    }

    [Fact]
    public void A_deep_network_the_worst_case_refuses_compiles_on_calibration_with_the_margin_applied()
    {
        Assert.Throws<ModelCompilationException>(() => DeepModel(new CompileOptions { InputBound = 1 }).Build());

        var samples = Samples(8, 1);
        var model = DeepModel(new CompileOptions { InputBound = 1, Calibration = samples, CalibrationMarginBits = 4 }).Build();

        Assert.StartsWith("calibrated on 8 inputs ×2^4", model.Headroom.Basis, StringComparison.Ordinal);
        Assert.True(model.Headroom.MarginBits > 0, model.Headroom.ToString());
        // Each step's recorded magnitude is 16 × the largest value the samples reach there, which the
        // reference interpreter shows independently.
        var largest = new double[model.Plan.Steps.Length];
        foreach (float[] sample in samples)
        {
            var output = ReferenceInterpreter.Evaluate(model, model.Plan.QuantizeInput(sample)).Output;
            largest[^1] = Math.Max(largest[^1], output.Max(v => Math.Abs((double)model.Plan.Field.ToSigned(v))));
        }
        Assert.Equal(largest[^1] * 16, (double)model.Headroom.Layers[^1].LargestMagnitude, 0);
    }

    [Fact]
    public void Calibration_that_wraps_around_p_is_refused_naming_the_first_layer_that_overflows()
    {
        // Weights ±4000 at f = 8: by the second layer real values pass p/2 and wrap; a wrapped value is
        // a uniform-looking residue, so the largest of a layer's 32 is above p/4 and fails a 1-bit margin.
        var error = Assert.Throws<ModelCompilationException>(() =>
            DeepModel(new CompileOptions { InputBound = 1, Calibration = Samples(4, 2), CalibrationMarginBits = 1 }, scale: 4000f).Build());
        Assert.StartsWith("fc", error.Layer, StringComparison.Ordinal);
        Assert.Contains("calibrated on 4 inputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_margin_below_one_bit_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            DeepModel(new CompileOptions { Calibration = Samples(1, 3), CalibrationMarginBits = 0 }).Build());
    }

    [Fact]
    public void Without_calibration_the_report_says_worst_case()
    {
        var model = TestModels.AllKept(1);
        Assert.Equal("worst case", model.Headroom.Basis);
    }
}
