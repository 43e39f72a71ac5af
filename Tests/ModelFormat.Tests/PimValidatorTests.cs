namespace PiToolkit.ModelFormat.Tests;

/// <summary>Each rule in docs/model-format.md: a file that breaks it, well checksummed, is refused with the defect named.</summary>
public sealed class PimValidatorTests
{
    private static string Rejection(ModelGraph graph) =>
        Assert.Throws<ModelFormatException>(() => PimFile.Parse(PimFile.Serialize(graph), "bad.pim")).Message;

    [Fact]
    public void The_sample_graph_is_valid()
    {
        PimValidator.Validate(SampleGraphs.EveryOperation());
        Assert.Equal(SampleGraphs.EveryOperation().Nodes.Count, PimFile.Parse(PimFile.Serialize(SampleGraphs.EveryOperation()), "ok.pim").Nodes.Count);
    }

    [Fact]
    public void A_pooling_window_wider_than_the_input_is_refused_even_when_the_height_fits()
    {
        // 1×4×2 input: a 4×4 window fits the height but not the width.
        var graph = new ModelGraph("tall", [1, 4, 2], 2, [0], [1],
        [
            new GraphNode(GraphOp.MaxPool, [0], [1, 1, 1], Kernel: 4),
            new GraphNode(GraphOp.Flatten, [1], [1]),
        ]);
        string message = Rejection(graph);
        Assert.Contains("node 0 (MaxPool)", message);
        Assert.Contains("does not fit the 4×2 input", message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_weight_or_bias_that_is_not_finite_is_refused(float value)
    {
        var weight = SampleGraphs.EveryOperation().With(0, n => n with { Weight = n.Weight!.Select((w, i) => i == 3 ? value : w).ToArray() });
        Assert.Contains("node 0 (Conv): weight 3 is", Rejection(weight));
        Assert.Contains("not a finite number", Rejection(weight));
        var bias = SampleGraphs.EveryOperation().With(8, n => n with { Bias = [0f, value, 0f] });
        Assert.Contains("node 8 (Linear): bias 1 is", Rejection(bias));
    }

    [Theory]
    [InlineData(double.NaN, 0.25)]
    [InlineData(double.PositiveInfinity, 0.25)]
    [InlineData(0.5, double.PositiveInfinity)]
    [InlineData(0.5, double.NaN)]
    public void A_normalisation_that_is_not_finite_is_refused(double mean, double std)
    {
        var graph = SampleGraphs.EveryOperation() with { Mean = [mean], Std = [std] };
        string message = Rejection(graph);
        Assert.Contains(double.IsFinite(mean) ? "normalisation standard deviation 0" : "normalisation mean 0", message);
        Assert.Contains("not a finite number", message);
    }

    [Fact]
    public void A_non_positive_standard_deviation_is_refused() =>
        Assert.Contains("not positive", Rejection(SampleGraphs.EveryOperation() with { Std = [0] }));

    public static TheoryData<int, string, string> StrayFields() => new()
    {
        { 5, "weight", "node 5 (Relu): carries a weight" },
        { 2, "weight", "node 2 (AvgPool): carries a weight" },
        { 7, "bias", "node 7 (Flatten): carries a bias" },
        { 4, "bias", "node 4 (Add): carries a bias" },
        { 0, "mask", "node 0 (Conv): carries a mask" },
        { 5, "mask", "node 5 (Relu): carries a mask" },
        { 8, "mask", "node 8 (Linear): carries a mask" },
        { 1, "kernel", "node 1 (MaskedRelu): kernel 3" },
        { 6, "stride", "node 6 (MaxPool): stride 2" },
        { 8, "stride", "node 8 (Linear): stride 2" },
    };

    [Theory]
    [MemberData(nameof(StrayFields))]
    public void A_field_the_operation_does_not_use_is_refused(int node, string field, string expected)
    {
        var graph = SampleGraphs.EveryOperation().With(node, n => field switch
        {
            "weight" => n with { Weight = [1f, 2f], WeightShape = [1, 2] },
            "bias" => n with { Bias = [1f] },
            "mask" => n with { Mask = new bool[n.OutputShape.Aggregate(1L, (a, b) => a * b)] },
            "kernel" => n with { Kernel = 3 },
            _ => n with { Stride = 2 },
        });
        Assert.Contains(expected, Rejection(graph));
    }

    [Fact]
    public void Shapes_that_disagree_with_the_weights_are_refused()
    {
        Assert.Contains("node 0 (Conv): output shape [2,3,3]", Rejection(SampleGraphs.EveryOperation().With(0, n => n with { OutputShape = [2, 3, 3] })));
        Assert.Contains("node 8 (Linear): weight [3,3] does not fit 2 inputs",
            Rejection(SampleGraphs.EveryOperation().With(8, n => n with { Weight = new float[9], WeightShape = [3, 3] })));
        Assert.Contains("node 1 (MaskedRelu): mask has 5 flags for 32 activations",
            Rejection(SampleGraphs.EveryOperation().With(1, n => n with { Mask = new bool[5] })));
        Assert.Contains("node 4 (Add): adds values of different shapes",
            Rejection(SampleGraphs.EveryOperation().With(4, n => n with { Inputs = [3, 1] })));
    }

    [Fact]
    public void The_last_node_must_yield_one_value_per_class() =>
        Assert.Contains("the last node yields 3 values for 4 classes", Rejection(SampleGraphs.EveryOperation() with { Classes = 4 }));
}
