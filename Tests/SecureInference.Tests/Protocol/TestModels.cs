using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

/// <summary>Small random models that exercise every kind of step.</summary>
internal static class TestModels
{
    public static float[] Random(Random random, int count, double scale) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))];

    /// <summary>conv → ReLU → avg pool 2 → strided padded conv → ReLU → FC → ReLU → FC: every site kept, so every truncation is exact.</summary>
    public static CompiledModel AllKept(int seed, CompileOptions? options = null)
    {
        var random = new Random(seed);
        var b = new PlanBuilder([1, 8, 8], options);
        int v = b.Convolution("conv1", PlanBuilder.Input, 2, 3, 1, 1, Random(random, 2 * 9, 0.5), Random(random, 2, 0.2));
        v = b.Relu("relu1", v);
        v = b.AveragePool("pool1", v, 2);
        v = b.Convolution("conv2", v, 3, 3, 2, 1, Random(random, 3 * 2 * 9, 0.5), Random(random, 3, 0.2));
        v = b.Relu("relu2", v);
        v = b.FullyConnected("fc1", v, 6, Random(random, 6 * 12, 0.5), Random(random, 6, 0.2));
        v = b.Relu("relu3", v);
        b.FullyConnected("fc2", v, 4, Random(random, 4 * 6, 0.5), Random(random, 4, 0.2));
        return b.Build();
    }

    /// <summary>
    /// Partially and fully linearized sites, FC → FC without a site (a local truncation step), and a
    /// residual add into a ReLU (a reshare step), plus a 3×3 average pool (non-power-of-two multiplier).
    /// </summary>
    public static CompiledModel Mixed(int seed, CompileOptions? options = null)
    {
        var random = new Random(seed);
        var b = new PlanBuilder([2, 6, 6], options);
        int x = b.Convolution("conv1", PlanBuilder.Input, 2, 3, 1, 1, Random(random, 2 * 2 * 9, 0.4), Random(random, 2, 0.2));
        bool[] half = [.. Enumerable.Range(0, 72).Select(i => i % 3 != 0)];
        x = b.Relu("relu1", x, half);
        int y = b.Convolution("conv2", x, 2, 3, 1, 1, Random(random, 2 * 2 * 9, 0.4), Random(random, 2, 0.2));
        int sum = b.Add("add", y, x);
        int r = b.Relu("relu2", sum);
        int pooled = b.AveragePool("pool", r, 3);
        int f1 = b.FullyConnected("fc1", pooled, 5, Random(random, 5 * 8, 0.5), Random(random, 5, 0.2));
        int linearized = b.Relu("relu3", f1, new bool[5]);
        int f2 = b.FullyConnected("fc2", linearized, 4, Random(random, 4 * 5, 0.5), Random(random, 4, 0.2));
        b.FullyConnected("fc3", f2, 3, Random(random, 3 * 4, 0.5), Random(random, 3, 0.2));
        return b.Build();
    }
}
