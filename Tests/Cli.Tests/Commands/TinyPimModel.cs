using PiToolkit.ModelFormat;

namespace PiToolkit.Cli.Tests.Commands;

/// <summary>A small MNIST-shaped CNN written as a .pim file: fast enough to run under the protocol in a test.</summary>
internal static class TinyPimModel
{
    /// <summary>Conv 5×5 stride 2 → ReLU (all kept, or masked by <paramref name="mask"/>, 288 entries) → pooling → FC 10.</summary>
    public static string Write(string folder, GraphOp pooling, bool[]? mask = null)
    {
        var random = new Random(1);
        float[] Weights(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))];
        var graph = new ModelGraph("test-mnist", [1, 28, 28], 10, [0.1307], [0.3081],
        [
            new GraphNode(GraphOp.Conv, [0], [2, 12, 12], Weights(2 * 25, 0.3), [2, 1, 5, 5], Weights(2, 0.1), 5, 2, 0),
            mask is null ? new GraphNode(GraphOp.Relu, [1], [2, 12, 12]) : new GraphNode(GraphOp.MaskedRelu, [1], [2, 12, 12], Mask: mask),
            new GraphNode(pooling, [2], [2, 6, 6], Kernel: 2),
            new GraphNode(GraphOp.Flatten, [3], [72]),
            new GraphNode(GraphOp.Linear, [4], [10], Weights(10 * 72, 0.3), [10, 72], Weights(10, 0.1)),
        ]);
        string path = Path.Combine(folder, $"model-{pooling}{(mask is null ? "" : "-masked")}.pim");
        PimFile.Write(graph, path);
        return path;
    }
}
