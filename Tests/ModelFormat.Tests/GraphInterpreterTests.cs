namespace PiToolkit.ModelFormat.Tests;

/// <summary>Known answers worked out by hand, so the interpreter is checked against arithmetic, not against itself.</summary>
public sealed class GraphInterpreterTests
{
    [Fact]
    public void A_one_by_one_convolution_ReLU_and_linear_layer_give_the_hand_computed_logits()
    {
        // x = [1, -2, 3, -4]; conv: 2x + 1 = [3, -3, 7, -7]; ReLU: [3, 0, 7, 0];
        // linear rows [1,1,1,1] and [0,0,0,1] with bias [0, 0.5]: [10, 0.5].
        var graph = new ModelGraph("tiny", [1, 2, 2], 2, [0], [1],
        [
            new GraphNode(GraphOp.Conv, [0], [1, 2, 2], [2f], [1, 1, 1, 1], [1f], Kernel: 1, Stride: 1),
            new GraphNode(GraphOp.Relu, [1], [1, 2, 2]),
            new GraphNode(GraphOp.Flatten, [2], [4]),
            new GraphNode(GraphOp.Linear, [3], [2], [1, 1, 1, 1, 0, 0, 0, 1], [2, 4], [0f, 0.5f]),
        ]);
        PimValidator.Validate(graph);
        Assert.Equal([10f, 0.5f], GraphInterpreter.Evaluate(graph, [1, -2, 3, -4]));
    }

    [Fact]
    public void Padding_and_stride_place_the_window_as_in_PyTorch()
    {
        // A 3×3 all-ones kernel, stride 2, padding 1 over a 3×3 all-ones image: each output sees one
        // 2×2 corner of the image, so every output is 4.
        var graph = new ModelGraph("pad", [1, 3, 3], 4, [0], [1],
        [
            new GraphNode(GraphOp.Conv, [0], [1, 2, 2], Enumerable.Repeat(1f, 9).ToArray(), [1, 1, 3, 3], [0f], Kernel: 3, Stride: 2, Padding: 1),
            new GraphNode(GraphOp.Flatten, [1], [4]),
        ]);
        PimValidator.Validate(graph);
        Assert.Equal([4f, 4f, 4f, 4f], GraphInterpreter.Evaluate(graph, Enumerable.Repeat(1f, 9).ToArray()));
    }

    [Fact]
    public void A_masked_ReLU_clamps_only_where_the_mask_is_set_and_pools_then_add()
    {
        // x = [-1, -2, 3, -4]; mask [1, 0, 1, 0] → [0, -2, 3, -4]; the 2×2 max is 3, the average -0.75;
        // their sum through the residual add of the pools: 3 + (-0.75) = 2.25, then doubled by the linear layer.
        var graph = new ModelGraph("masked", [1, 2, 2], 2, [0], [1],
        [
            new GraphNode(GraphOp.MaskedRelu, [0], [1, 2, 2], Mask: [true, false, true, false]),
            new GraphNode(GraphOp.MaxPool, [1], [1, 1, 1], Kernel: 2),
            new GraphNode(GraphOp.AvgPool, [1], [1, 1, 1], Kernel: 2),
            new GraphNode(GraphOp.Add, [2, 3], [1, 1, 1]),
            new GraphNode(GraphOp.Flatten, [4], [1]),
            new GraphNode(GraphOp.Linear, [5], [2], [2f, -1f], [2, 1], [0f, 0f]),
        ]);
        PimValidator.Validate(graph);
        Assert.Equal([4.5f, -2.25f], GraphInterpreter.Evaluate(graph, [-1, -2, 3, -4]));
        Assert.Equal(2, graph.Relus);
    }

    [Fact]
    public void An_input_of_the_wrong_length_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => GraphInterpreter.Evaluate(SampleGraphs.EveryOperation(), new float[15]));
        Assert.Contains("15 values, the graph takes 16", error.Message);
    }

    [Fact]
    public void The_sample_graph_counts_its_ReLUs_and_parameters()
    {
        var graph = SampleGraphs.EveryOperation();
        Assert.Equal(32 - 11 + 8, graph.Relus); // 21 of 32 mask flags set (i % 3 != 0), plus a full ReLU over 2×2×2.
        Assert.Equal(18 + 2 + 4 + 2 + 6 + 3, graph.Parameters);
        Assert.Equal(3, GraphInterpreter.Evaluate(graph, new float[16]).Length);
    }
}
