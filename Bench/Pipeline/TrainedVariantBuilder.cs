using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Linearize;
using PiToolkit.Models.Training;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// What every method's builder does alike: budget <c>all</c> is the trained model itself; any other
/// budget trains a checkpoint in the point's work folder (skipped when a finished one is there, so an
/// interrupted run resumes mid-point), then exports it.
/// </summary>
public abstract class TrainedVariantBuilder : IVariantBuilder
{
    /// <summary>Uses <paramref name="template"/>'s training settings; checkpoint, output, budget, method and seed come from each point.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is null.</exception>
    protected TrainedVariantBuilder(LinearizationSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
    }

    /// <summary>The run's training settings.</summary>
    protected LinearizationSpec Template { get; }

    /// <summary>Weight-training epochs every method gets in total.</summary>
    protected int Epochs => (Template.Finetune ?? new FinetuneOptions()).Epochs;

    /// <inheritdoc/>
    public async ValueTask<ModelVariant> BuildAsync(PointContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string pim = Path.Combine(context.WorkFolder, VariantExport.PimFile);
        if (context.Key.Budget.IsAll)
            return VariantExport.Export(context.Settings.Checkpoint, pim);
        string checkpoint = await TrainAsync(context, context.Key.Budget.Relus!.Value, cancellationToken).ConfigureAwait(false);
        context.ReportPhase("export");
        return VariantExport.Export(checkpoint, pim);
    }

    /// <summary>Makes the point's model at <paramref name="budget"/> ReLUs and returns its checkpoint folder.</summary>
    /// <exception cref="PointFailedException">The method cannot make a usable model at this point.</exception>
    protected abstract Task<string> TrainAsync(PointContext context, long budget, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="spec"/> unless its output is already finished; returns the output folder.</summary>
    /// <exception cref="PointFailedException">Training diverged, or the budget is above the model's ReLUs.</exception>
    protected static async Task<string> LinearizeAsync(PointContext context, LinearizationSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(spec);
        if (VariantExport.IsFinished(spec.Output))
            return spec.Output;
        context.ReportPhase(LinearizationMethodNames.Id(spec.Method));
        try
        {
            await Task.Run(() => LinearizationJob.Run(spec, cancellation: cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (TrainingDivergedException e)
        {
            throw new PointFailedException($"training diverged: {e.Message}", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new PointFailedException($"budget not reachable: {e.Message}", e);
        }
        return spec.Output;
    }
}
