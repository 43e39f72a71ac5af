using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Pruning;
using PiToolkit.Linearize.Snl;
using PiToolkit.Linearize.Sweeps;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// Builds the pruning points. <c>prune-channel-taylor</c> removes whole channels ranked by first-order
/// Taylor importance until the model has at most the budget's ReLUs, retraining for the run's total
/// epochs. <c>prune+snl</c> spends half those epochs pruning channels to twice the budget and the
/// other half on SNL down to the budget, so it trains exactly as long as every other method.
/// </summary>
public sealed class PruningVariantBuilder : TrainedVariantBuilder
{
    /// <summary>How many times the budget <c>prune+snl</c> prunes to before SNL selects the rest.</summary>
    public const int PruneThenSnlHeadroom = 2;

    /// <inheritdoc cref="TrainedVariantBuilder(LinearizationSpec)"/>
    public PruningVariantBuilder(LinearizationSpec template) : base(template) { }

    /// <inheritdoc/>
    protected override Task<string> TrainAsync(PointContext context, long budget, CancellationToken cancellationToken) =>
        context.Key.Method == BenchMethods.PruneThenSnl
            ? PruneThenSnlAsync(context, budget, Epochs, cancellationToken)
            : PruneAsync(context, context.Settings.Checkpoint, "pruned", budget, Epochs, cancellationToken);

    private async Task<string> PruneThenSnlAsync(PointContext context, long budget, int epochs, CancellationToken cancellationToken)
    {
        if (epochs < 3)
            throw new PointFailedException($"prune+snl splits the run's {epochs} weight-training epochs between pruning and SNL (mask phase + finetuning): it needs at least 3");
        long relus = Checkpoint.ReadManifest(context.Settings.Checkpoint).Census.TotalRelus;
        int pruneEpochs = epochs / 2, snlEpochs = epochs - pruneEpochs;
        long intermediate = budget * PruneThenSnlHeadroom;
        string source = intermediate < relus
            ? await PruneAsync(context, context.Settings.Checkpoint, "pruned", intermediate, pruneEpochs, cancellationToken).ConfigureAwait(false)
            : context.Settings.Checkpoint;
        // SNL's mask phase must leave at least one of its share of the epochs for finetuning.
        var snl = Template.Snl ?? new SnlOptions();
        if (snl.MaxEpochs >= snlEpochs)
            snl = snl with { MaxEpochs = snlEpochs - 1 };
        return await LinearizeAsync(context, Template with
        {
            Checkpoint = source,
            Output = Path.Combine(context.WorkFolder, "linearized"),
            Budget = new ReluBudget(budget, null),
            Method = LinearizationMethod.Snl,
            Snl = snl,
            Finetune = (Template.Finetune ?? new FinetuneOptions()) with { Epochs = snlEpochs },
            Seed = context.Key.Seed,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> PruneAsync(PointContext context, string source, string folder, long relus, int epochs, CancellationToken cancellationToken)
    {
        string output = Path.Combine(context.WorkFolder, folder);
        if (VariantExport.IsFinished(output))
            return output;
        // The sweep's definition of the method, so pitk bench and pitk sweep mean the same thing by the name.
        var spec = PruningSweepMethod.Parse(BenchMethods.PruneChannelTaylor).Spec(source, output, new PruningTarget(PruningTargetKind.Relus, relus),
            epochs, sourceEpochs: 0, impRounds: 1, context.Key.Seed, Template);
        context.ReportPhase("prune");
        try
        {
            await DivergenceRetry.RunAsync(output, () => PruningJob.Run(spec, cancellation: cancellationToken), context.ReportPhase, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // Channel pruning cannot reach every budget (no channel left to remove, or every channel of
            // a layer gone): that is a result of the method, recorded for the point.
            throw new PointFailedException($"channel pruning cannot reach {relus} ReLUs: {e.Message}", e);
        }
        return output;
    }
}
