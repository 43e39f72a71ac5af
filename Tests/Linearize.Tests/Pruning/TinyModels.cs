using PiToolkit.Models.Census;
using PiToolkit.Models.Zoo;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Pruning;

/// <summary>Small zoo models with hand-set weights for pruning tests.</summary>
internal static class TinyModels
{
    /// <summary>An MLP on 1×2×2 inputs: fc1 4→3, fc2 3→2, fc3 2→2 (module paths classifier.fc1..3).</summary>
    public static ZooModel Mlp()
    {
        var model = ModelZoo.Build(new ModelOptions("mlp", 2, 1, 2, 2, Channels: new Dictionary<string, int> { ["classifier.fc1"] = 3, ["classifier.fc2"] = 2 }));
        using (no_grad())
        {
            var state = model.state_dict();
            state["classifier.fc1.weight"].copy_(tensor(Fc1, [3, 4]));
            state["classifier.fc1.bias"].copy_(tensor(B1));
            state["classifier.fc2.weight"].copy_(tensor(Fc2, [2, 3]));
            state["classifier.fc2.bias"].copy_(tensor(B2));
            state["classifier.fc3.weight"].copy_(tensor(Fc3, [2, 2]));
            state["classifier.fc3.bias"].copy_(tensor(B3));
        }
        ReluCensus.Take(model);
        return model;
    }

    // Row L1 norms 3, 3.6, 4 but L2 norms 3, 1.8, 2.83: the two norms rank the rows differently.
    public static readonly float[] Fc1 = [3, 0, 0, 0, 0.9f, 0.9f, 0.9f, 0.9f, 2, 2, 0, 0];
    public static readonly float[] B1 = [0.1f, -0.2f, 0.3f];
    public static readonly float[] Fc2 = [0.5f, -1, 0.25f, 1, 0.5f, -0.5f];
    public static readonly float[] B2 = [0.2f, 0.1f];
    public static readonly float[] Fc3 = [1, -2, 0.5f, 1.5f];
    public static readonly float[] B3 = [0, 0.1f];

    /// <summary>A model built with random weights and randomised batch-norm statistics, in evaluation mode, census taken.</summary>
    public static ZooModel Random(string architecture, double width, int seed, bool color, bool batchNorm = false)
    {
        manual_seed(seed);
        var model = ModelZoo.Build(new ModelOptions(architecture, 10, color ? 3 : 1, color ? 32 : 28, color ? 32 : 28, width, PoolingKind.Average, BatchNorm: batchNorm));
        using (no_grad())
            foreach (var (_, module) in model.named_modules())
                if (module is BatchNorm2d bn)
                {
                    var state = bn.state_dict();
                    state["running_mean"].copy_(randn_like(state["running_mean"]) * 0.2);
                    state["running_var"].copy_(rand_like(state["running_var"]) + 0.5);
                    state["weight"].copy_(rand_like(state["weight"]) + 0.5);
                    state["bias"].copy_(randn_like(state["bias"]) * 0.1);
                }
        model.eval();
        ReluCensus.Take(model);
        return model;
    }
}
