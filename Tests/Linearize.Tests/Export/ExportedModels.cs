using PiToolkit.Linearize.Masks;
using PiToolkit.Models.Census;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Tests.Export;

/// <summary>Small zoo models with non-trivial batch-norm statistics and partly, fully and not linearized sites.</summary>
internal static class ExportedModels
{
    public static readonly Normalization Gray = new([0.13], [0.31]);
    public static readonly Normalization Color = new([0.49, 0.48, 0.45], [0.25, 0.24, 0.26]);

    public static TheoryData<string, double, string, bool> Cases() => new()
    {
        { "lenet5", 1.0, "max", false },
        { "lenet5", 1.0, "avg", true },
        { "minionn-mnist", 0.5, "avg", false },
        { "minionn-mnist", 0.5, "max", true },
        { "mlp", 0.5, "max", false },
        { "resnet20", 0.25, "max", false },
        { "vgg11", 0.125, "avg", false },
    };

    /// <summary>A model with randomised batch-norm statistics; <paramref name="batchNorm"/> builds the zoo's opt-in batch-norm variant.</summary>
    public static ZooModel Build(string architecture, double width, string pooling, int seed, bool batchNorm = false)
    {
        manual_seed(seed);
        bool color = architecture is "resnet20" or "vgg11";
        var model = ModelZoo.Build(new ModelOptions(architecture, 10, color ? 3 : 1, color ? 32 : 28, color ? 32 : 28, width,
            pooling == "avg" ? PoolingKind.Average : PoolingKind.Max, BatchNorm: batchNorm));
        using (no_grad())
        {
            foreach (var (_, module) in model.named_modules())
                if (module is BatchNorm2d bn)
                {
                    var state = bn.state_dict();
                    state["running_mean"].copy_(randn_like(state["running_mean"]) * 0.2);
                    state["running_var"].copy_(rand_like(state["running_var"]) + 0.5);
                    state["weight"].copy_(rand_like(state["weight"]) + 0.5);
                    state["bias"].copy_(randn_like(state["bias"]) * 0.1);
                }
        }
        model.eval();
        ReluCensus.Take(model);
        // Site 0 keeps a random half, site 1 is fully linearized, the rest stay ReLUs.
        var sites = model.ReluSites();
        var random = new Random(seed);
        var keep = SiteMasks.EntriesPerSite(model, MaskGranularity.Pixel)
            .Select((n, s) => Enumerable.Range(0, n).Select(_ => s switch { 0 => random.Next(2) == 0, 1 => false, _ => true }).ToArray()).ToArray();
        SiteMasks.ApplyBinary(model, MaskGranularity.Pixel, keep);
        return model;
    }
}
