using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

public sealed class PlanCompilerTests
{
    /// <summary>A LeNet-like graph as the exporter writes it: conv, ReLU, avg pool, conv, masked ReLU, flatten, linear, ReLU, linear.</summary>
    internal static ModelGraph SmallGraph(int seed, GraphOp pooling = GraphOp.AvgPool)
    {
        var random = new Random(seed);
        bool[] mask = [.. Enumerable.Range(0, 4 * 2 * 2).Select(i => i % 2 == 0)];
        return new ModelGraph("test", [1, 12, 12], 3, [0.1307], [0.3081],
        [
            new GraphNode(GraphOp.Conv, [0], [3, 8, 8], TestModels.Random(random, 3 * 25, 0.4), [3, 1, 5, 5], TestModels.Random(random, 3, 0.1), 5, 1, 0),
            new GraphNode(GraphOp.Relu, [1], [3, 8, 8]),
            new GraphNode(pooling, [2], [3, 4, 4], Kernel: 2),
            new GraphNode(GraphOp.Conv, [3], [4, 2, 2], TestModels.Random(random, 4 * 3 * 9, 0.3), [4, 3, 3, 3], TestModels.Random(random, 4, 0.1), 3, 2, 1),
            new GraphNode(GraphOp.MaskedRelu, [4], [4, 2, 2], Mask: mask),
            new GraphNode(GraphOp.Flatten, [5], [16]),
            new GraphNode(GraphOp.Linear, [6], [6], TestModels.Random(random, 6 * 16, 0.4), [6, 16], TestModels.Random(random, 6, 0.1)),
            new GraphNode(GraphOp.Relu, [7], [6]),
            new GraphNode(GraphOp.Linear, [8], [3], TestModels.Random(random, 3 * 6, 0.4), [3, 6], TestModels.Random(random, 3, 0.1)),
        ]);
    }

    [Fact]
    public void Compiled_graph_tracks_the_float_interpreter_within_fixed_point_error()
    {
        var graph = SmallGraph(1);
        var model = PlanCompiler.Compile(graph);
        Assert.Equal(graph.Nodes.Count - 1, model.Plan.Steps.Length); // flatten is no step
        Assert.Equal(graph.Relus, model.Plan.ReluCount);
        var random = new Random(2);
        for (int trial = 0; trial < 20; trial++)
        {
            float[] pixels = [.. Enumerable.Range(0, 144).Select(_ => (float)((random.Next(256) / 255.0 - 0.1307) / 0.3081))];
            float[] expected = GraphInterpreter.Evaluate(graph, pixels);
            var reference = ReferenceInterpreter.Evaluate(model, model.Plan.QuantizeInput(pixels));
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - reference.Logits[i]) < 0.05, $"logit {i}: float {expected[i]}, fixed point {reference.Logits[i]}");
        }
    }

    [Fact]
    public void Input_bound_comes_from_the_normalisation()
    {
        Assert.Equal((1 - 0.1307) / 0.3081, PlanCompiler.InputBound(SmallGraph(1)), 9);
    }

    [Fact]
    public void Max_pooling_is_refused_naming_the_node_and_pointing_to_average_pooling()
    {
        var error = Assert.Throws<ModelCompilationException>(() => PlanCompiler.Compile(SmallGraph(1, GraphOp.MaxPool)));
        Assert.Equal("maxpool2", error.Layer);
        Assert.Contains("--pooling avg", error.Message, StringComparison.Ordinal);
    }
}
