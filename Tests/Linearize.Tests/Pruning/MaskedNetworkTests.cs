using PiToolkit.Linearize.Pruning;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Pruning;

public sealed class MaskedNetworkTests
{
    [Theory]
    [InlineData(PruningStructure.Unstructured)]
    [InlineData(PruningStructure.Channel)]
    public void Pruned_weights_stay_zero_through_optimizer_steps(PruningStructure structure)
    {
        using var model = TinyModels.Random("vgg11", 0.0625, seed: 5, color: true);
        var graph = DependencyGraph.Build(model);
        var scores = ImportanceScores.Compute(graph, structure, PruningCriterion.Magnitude, 1, null, null, 0);
        var keep = UnitSelector.Select(graph, structure, scores, null, new PruningTarget(PruningTargetKind.Sparsity, 0.5), PruningScope.Layer);
        var network = new MaskedNetwork(model, new PruningMasks(graph, structure, keep));
        network.train();
        using var optimizer = optim.SGD(network.parameters(), 0.5, momentum: 0.9);
        for (int step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            using var loss = nn.functional.cross_entropy(network.forward(randn(8, 3, 32, 32)), randint(0, 10, [8]));
            loss.backward();
            optimizer.step();
        }
        network.Masks.Apply();
        var weight = graph.Layers[0].Weight;
        using var flat = weight.detach().reshape(-1);
        var values = flat.data<float>().ToArray();
        if (structure == PruningStructure.Unstructured)
        {
            Assert.All(values.Where((_, i) => !keep[0][i]), v => Assert.Equal(0f, v));
            Assert.Contains(values.Where((_, i) => keep[0][i]), v => v != 0);
        }
        else
        {
            long perRow = values.Length / keep[graph.Layers[0].OutputGroup].Length;
            Assert.All(values.Where((_, i) => !keep[graph.Layers[0].OutputGroup][i / perRow]), v => Assert.Equal(0f, v));
            using var gamma = graph.Layers[0].Norm!.weight!.detach().clone();
            Assert.All(gamma.data<float>().ToArray().Where((_, c) => !keep[graph.Layers[0].OutputGroup][c]), v => Assert.Equal(0f, v));
        }
        network.Masks.Dispose();
        network.Dispose();
        // The wrapper does not own the model.
        using var logits = model.forward(randn(1, 3, 32, 32));
        Assert.Equal(10, logits.shape[1]);
    }
}
