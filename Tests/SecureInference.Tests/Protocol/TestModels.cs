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

    /// <summary>LeNet-5 with average pooling (MNIST shape), random weights, keeping about <paramref name="kept"/> of its 4,684 ReLUs at random positions.</summary>
    public static CompiledModel LeNet5(int seed, int kept)
    {
        var random = new Random(seed);
        const int total = 3456 + 1024 + 120 + 84;
        var flags = new bool[total];
        foreach (int i in Enumerable.Range(0, total).OrderBy(_ => random.Next()).Take(kept))
            flags[i] = true;
        var b = new PlanBuilder([1, 28, 28]);
        int v = b.Convolution("conv1", PlanBuilder.Input, 6, 5, 1, 0, Random(random, 6 * 25, 0.4), Random(random, 6, 0.1));
        v = b.Relu("relu1", v, flags.AsSpan(0, 3456));
        v = b.AveragePool("pool1", v, 2);
        v = b.Convolution("conv2", v, 16, 5, 1, 0, Random(random, 16 * 6 * 25, 0.15), Random(random, 16, 0.1));
        v = b.Relu("relu2", v, flags.AsSpan(3456, 1024));
        v = b.AveragePool("pool2", v, 2);
        v = b.FullyConnected("fc1", v, 120, Random(random, 120 * 256, 0.1), Random(random, 120, 0.1));
        v = b.Relu("relu3", v, flags.AsSpan(4480, 120));
        v = b.FullyConnected("fc2", v, 84, Random(random, 84 * 120, 0.15), Random(random, 84, 0.1));
        v = b.Relu("relu4", v, flags.AsSpan(4600, 84));
        b.FullyConnected("fc3", v, 10, Random(random, 10 * 84, 0.2), Random(random, 10, 0.1));
        return b.Build();
    }
}
