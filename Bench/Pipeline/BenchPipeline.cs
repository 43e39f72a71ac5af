using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Linearize;
using PiToolkit.Models.Data;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// The toolkit's point evaluator for <c>pitk bench pi</c>: each worker routes a point's method to
/// linearization (<c>snl</c>, <c>random</c>, <c>layerwise</c>) or pruning (<c>prune-channel-taylor</c>,
/// <c>prune+snl</c>), exports the result and measures it with the two-party protocol over loopback;
/// points that build the same model share one measurement.
/// </summary>
public sealed class BenchPipeline : IPointEvaluatorFactory, IModelIdentity
{
    private readonly LinearizationSpec _template;
    private readonly ImageSet _test;

    /// <summary>Trains every point with <paramref name="template"/>'s settings and measures it on the first images of <paramref name="test"/>, the source dataset's test set.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public BenchPipeline(LinearizationSpec template, ImageSet test)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(test);
        (_template, _test) = (template, test);
    }

    /// <summary>
    /// Budget <c>all</c> is the control (every ReLU kept, finetuned alike) under every method (<see cref="TrainedVariantBuilder"/>),
    /// and budget 0 the fully linear model that every linearization method finetunes alike (no mask to
    /// learn or choose): one model per seed each, since the seed still orders finetuning and repeats the
    /// protocol's timing. Pruning at budget 0 is its own (failed) point.
    /// </summary>
    public string? ModelIdentity(BenchPointKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Budget.IsAll) return $"{key.Model}/control/seed {key.Seed}";
        bool linearization = key.Method is BenchMethods.Snl or BenchMethods.Random or BenchMethods.Layerwise;
        return linearization && key.Budget.Relus == 0 ? $"{key.Model}/fully linear/seed {key.Seed}" : null;
    }

    /// <inheritdoc/>
    public IPointEvaluator CreateWorker(int worker)
    {
        var linearization = new LinearizationVariantBuilder(_template);
        var pruning = new PruningVariantBuilder(_template);
        var builders = new Dictionary<string, IVariantBuilder>
        {
            [BenchMethods.Snl] = linearization,
            [BenchMethods.Random] = linearization,
            [BenchMethods.Layerwise] = linearization,
            [BenchMethods.PruneChannelTaylor] = pruning,
            [BenchMethods.PruneThenSnl] = pruning,
        };
        return new ComposedPointEvaluator(new MethodVariantBuilder(builders), new LoopbackProtocolMeasurer(_test));
    }
}
