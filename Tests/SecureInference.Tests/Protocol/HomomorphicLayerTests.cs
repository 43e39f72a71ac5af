using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.SecureInference.Tests.Protocol;

[Collection(ProtocolCollection.Name)]
public sealed class HomomorphicLayerTests(ProtocolFixture fixture)
{
    /// <summary>MiniONN-MNIST's conv2 (16×12×12 → 16, 5×5): slot encoding's noise bound is 0.2 bits short of σ = 40 flooding.</summary>
    private static CompiledModel MiniOnnConv2()
    {
        var random = new Random(3);
        var b = new PlanBuilder([16, 12, 12]);
        int v = b.Convolution("conv2", PlanBuilder.Input, 16, 5, 1, 0, TestModels.Random(random, 16 * 16 * 25, 0.1), TestModels.Random(random, 16, 0.1));
        v = b.Relu("relu", v);
        b.FullyConnected("fc", v, 10, TestModels.Random(random, 10 * 16 * 8 * 8, 0.1), TestModels.Random(random, 10, 0.1));
        return b.Build();
    }

    [Fact]
    public void Auto_never_chooses_slots_for_a_layer_whose_noise_flooding_is_not_guaranteed()
    {
        var plan = MiniOnnConv2().Plan;
        var parameters = EncryptionParameters.Create(8192, plan.Field);
        var layers = HomomorphicLayer.For(plan, parameters);
        // A cost model under which slots always look cheaper.
        var options = new ProtocolOptions { CostModel = HomomorphicCostModel.Default with { Coefficient = new CoefficientCosts(1, 1, 1) } };

        var auto = HomomorphicLayer.Choose(layers, options, fixture.ClientRuntime, parameters);
        var forced = HomomorphicLayer.Choose(layers, options with { Encoding = HomomorphicEncoding.Slots }, fixture.ClientRuntime, parameters);

        Assert.Equal(HomomorphicEncoding.Coefficient, auto[0].Encoding); // conv2: slots cannot be flooded
        Assert.Equal(HomomorphicEncoding.Slots, auto[1].Encoding);       // fc: slots are fine and look cheaper
        Assert.All(forced, c => Assert.Equal(HomomorphicEncoding.Slots, c.Encoding)); // forced stays forced; the server refuses it
    }
}
