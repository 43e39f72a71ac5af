using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Linearize;
using PiToolkit.Models.Training;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// Builds the points of the linearization methods (<c>snl</c>, <c>random</c>, <c>layerwise</c>):
/// <see cref="LinearizationJob"/> from the run's checkpoint to the point's budget with the point's seed,
/// with the run's weight-training settings (the same total epochs for every method), then export.
/// Budget <c>all</c> is the trained model itself.
/// </summary>
public sealed class LinearizationVariantBuilder : IVariantBuilder
{
    private readonly LinearizationSpec _template;

    /// <summary>Uses <paramref name="template"/>'s training settings; checkpoint, output, budget, method and seed come from each point.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
    public LinearizationVariantBuilder(LinearizationSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _template = template;
    }

    /// <inheritdoc/>
    public async ValueTask<ModelVariant> BuildAsync(PointContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.Key;
        string pim = Path.Combine(context.WorkFolder, VariantExport.PimFile);
        if (key.Budget.IsAll)
            return VariantExport.Export(context.Settings.Checkpoint, pim);
        string output = Path.Combine(context.WorkFolder, "linearized");
        if (!VariantExport.IsFinished(output))
        {
            var spec = _template with
            {
                Checkpoint = context.Settings.Checkpoint,
                Output = output,
                Budget = new ReluBudget(key.Budget.Relus!.Value, null),
                Method = LinearizationMethodNames.Parse(key.Method),
                Seed = key.Seed,
            };
            context.ReportPhase("linearize");
            await Task.Run(() => Run(spec, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        context.ReportPhase("export");
        return VariantExport.Export(output, pim);
    }

    private static void Run(LinearizationSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            LinearizationJob.Run(spec, log: null, progress: null, cancellationToken);
        }
        catch (TrainingDivergedException e)
        {
            throw new PointFailedException($"training diverged: {e.Message}", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new PointFailedException($"budget not reachable: {e.Message}", e);
        }
    }
}
