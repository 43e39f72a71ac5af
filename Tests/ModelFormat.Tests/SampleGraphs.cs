namespace PiToolkit.ModelFormat.Tests;

/// <summary>Small graphs built by hand, so the format is tested without TorchSharp.</summary>
internal static class SampleGraphs
{
    /// <summary>
    /// Every operation once on a 1×4×4 input: conv (padded) → masked ReLU → average pool → 1×1 conv,
    /// a residual add of the two, ReLU → max pool → flatten → linear to 3 classes.
    /// </summary>
    public static ModelGraph EveryOperation()
    {
        var random = new Random(7);
        float[] Floats(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        bool[] mask = Enumerable.Range(0, 32).Select(i => i % 3 != 0).ToArray();
        return new ModelGraph("sample", [1, 4, 4], 3, [0.5], [0.25],
        [
            new GraphNode(GraphOp.Conv, [0], [2, 4, 4], Floats(2 * 1 * 3 * 3), [2, 1, 3, 3], Floats(2), Kernel: 3, Stride: 1, Padding: 1),
            new GraphNode(GraphOp.MaskedRelu, [1], [2, 4, 4], Mask: mask),
            new GraphNode(GraphOp.AvgPool, [2], [2, 2, 2], Kernel: 2),
            new GraphNode(GraphOp.Conv, [3], [2, 2, 2], Floats(2 * 2), [2, 2, 1, 1], Floats(2), Kernel: 1, Stride: 1),
            new GraphNode(GraphOp.Add, [3, 4], [2, 2, 2]),
            new GraphNode(GraphOp.Relu, [5], [2, 2, 2]),
            new GraphNode(GraphOp.MaxPool, [6], [2, 1, 1], Kernel: 2),
            new GraphNode(GraphOp.Flatten, [7], [2]),
            new GraphNode(GraphOp.Linear, [8], [3], Floats(3 * 2), [3, 2], Floats(3)),
        ]);
    }

    /// <summary><paramref name="graph"/> with node <paramref name="index"/> replaced.</summary>
    public static ModelGraph With(this ModelGraph graph, int index, Func<GraphNode, GraphNode> change) =>
        graph with { Nodes = graph.Nodes.Select((n, i) => i == index ? change(n) : n).ToList() };
}
