using PiToolkit.Models.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PiToolkit.Models.Census;

/// <summary>
/// Counts a model's ReLUs per site, max-pool comparisons, parameters and MACs by running one zero
/// image through it in evaluation mode and observing each layer's shapes, so the counts follow the
/// real forward pass rather than a separate hand-written formula.
/// </summary>
public static class ReluCensus
{
    /// <summary>Takes the census of <paramref name="model"/> for its own input shape.</summary>
    public static CensusReport Take(ZooModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Take(model, model.Options.InputShape);
    }

    /// <summary>Takes the census of <paramref name="model"/> for one sample of <paramref name="inputShape"/> (C, H, W).</summary>
    public static CensusReport Take(ZooModel model, long[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        long macs = 0;
        var removers = new List<Action>();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is Conv2d conv)
                removers.Add(conv.register_forward_hook((m, input, output) =>
                {
                    var w = ((Conv2d)m).weight!;
                    macs += output.numel() / output.shape[0] * (w.shape[1] * w.shape[2] * w.shape[3]);
                    return output;
                }).remove);
            else if (module is Linear linear)
                removers.Add(linear.register_forward_hook((m, input, output) =>
                {
                    var w = ((Linear)m).weight!;
                    macs += output.numel() / output.shape[0] * w.shape[1];
                    return output;
                }).remove);
        }

        bool wasTraining = model.training;
        try
        {
            model.eval();
            using var _ = no_grad();
            using var probe = zeros([1, .. inputShape]);
            using var output = model.forward(probe);
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(wasTraining);
        }

        var sites = model.ReluSites().Select(s => new SiteCount(s.Name, s.Site.ObservedShape!, s.Site.Count, s.Site.Capacity)).ToList();
        var pools = model.PoolingLayers().Where(p => p.Layer.Kind == PoolingKind.Max)
            .Select(p => new PoolCount(p.Name, p.Layer.ObservedOutputShape!, p.Layer.Kernel, p.Layer.Comparisons)).ToList();
        // Linearization masks are parameters to libtorch but not weights of the network.
        long parameters = model.named_parameters().Where(p => !p.name.EndsWith(".mask", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        return new CensusReport(inputShape, sites, pools, parameters, macs);
    }
}
