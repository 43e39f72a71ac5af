using PiToolkit.Linearize.Pruning;

namespace PiToolkit.Linearize.Tests.Pruning;

public sealed class DependencyGraphTests
{
    private static ChannelGroup GroupOf(DependencyGraph graph, string layer) =>
        graph.Groups[graph.Layers.Single(l => l.Name == layer).OutputGroup];

    private static string[] Names(DependencyGraph graph, IEnumerable<int> layers) => layers.Select(i => graph.Layers[i].Name).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void A_ResNet_stage_is_one_group_across_its_residual_additions()
    {
        using var model = TinyModels.Random("resnet20", 0.25, seed: 2, color: true);
        var graph = DependencyGraph.Build(model);
        var stage1 = GroupOf(graph, "stem");
        Assert.True(stage1.Prunable);
        Assert.Equal(["layers.layer1.0.conv2", "layers.layer1.1.conv2", "layers.layer1.2.conv2", "stem"], Names(graph, stage1.Producers));
        Assert.Equal(["layers.layer1.0.conv1", "layers.layer1.1.conv1", "layers.layer1.2.conv1", "layers.layer2.0.conv1", "layers.layer2.0.shortcut.conv"],
            Names(graph, stage1.Consumers));
        Assert.Same(stage1, GroupOf(graph, "layers.layer1.2.conv2"));

        var stage2 = GroupOf(graph, "layers.layer2.0.shortcut.conv");
        Assert.Equal(["layers.layer2.0.conv2", "layers.layer2.0.shortcut.conv", "layers.layer2.1.conv2", "layers.layer2.2.conv2"], Names(graph, stage2.Producers));
        // Batch norm travels with its convolution.
        Assert.Equal("layers.layer2.0.shortcut.bn", graph.Layers.Single(l => l.Name == "layers.layer2.0.shortcut.conv").NormName);

        var inner = GroupOf(graph, "layers.layer1.0.conv1");
        Assert.Equal(["layers.layer1.0.conv1"], Names(graph, inner.Producers));
        Assert.Equal(["layers.layer1.0.conv2"], Names(graph, inner.Consumers));
        Assert.Equal(["layers.layer1.0.relu1"], inner.Sites.Select(s => graph.Sites[s].Name));

        var stage3 = GroupOf(graph, "layers.layer3.0.shortcut.conv");
        Assert.Equal(["fc", "layers.layer3.1.conv1", "layers.layer3.2.conv1"], Names(graph, stage3.Consumers));
        Assert.False(GroupOf(graph, "fc").Prunable);
        // 3 stage groups + 9 block-internal groups + the logits.
        Assert.Equal(13, graph.Groups.Count);
    }

    [Fact]
    public void A_flatten_gives_the_first_linear_layer_H_times_W_columns_per_channel()
    {
        using var model = TinyModels.Random("lenet5", 1, seed: 1, color: false);
        var graph = DependencyGraph.Build(model);
        var fc1 = graph.Layers.Single(l => l.Name == "classifier.fc1");
        Assert.Equal(16, fc1.InputFactor);
        Assert.Equal(GroupOf(graph, "features.conv2").Index, fc1.InputGroup);
        Assert.Null(graph.Layers[0].InputGroup);
    }

    [Theory]
    [InlineData("lenet5", 1.0, false)]
    [InlineData("resnet20", 0.25, true)]
    [InlineData("vgg11", 0.125, true)]
    public void The_cost_of_the_unpruned_model_is_its_census(string architecture, double width, bool color)
    {
        using var model = TinyModels.Random(architecture, width, seed: 1, color);
        var census = Models.Census.ReluCensus.Take(model);
        var graph = DependencyGraph.Build(model);
        foreach (var structure in new[] { PruningStructure.Channel, PruningStructure.Unstructured })
        {
            var cost = graph.Cost(structure, graph.KeepAll(structure));
            Assert.Equal(census.Parameters, cost.Parameters);
            Assert.Equal(census.Macs, cost.Macs);
            Assert.Equal(census.TotalRelus, cost.Relus);
        }
    }
}
