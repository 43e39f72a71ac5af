using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Linearize;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// What every method's builder does alike: budget <c>all</c> is the control, the trained model with
/// every ReLU kept and finetuned for the run's epochs like every other point (so a linearized point is
/// compared with a model trained as long, not with a shorter-trained one); any other budget trains a
/// checkpoint in the point's work folder (skipped when a finished one is there, so an interrupted run
/// resumes mid-point), then exports it.
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
        string checkpoint = context.Key.Budget.IsAll
            ? await ControlAsync(context, cancellationToken).ConfigureAwait(false)
            : await TrainAsync(context, context.Key.Budget.Relus!.Value, cancellationToken).ConfigureAwait(false);
        context.ReportPhase("export");
        return VariantExport.Export(checkpoint, pim);
    }

    // The sweep's control row is made the same way: random masks at full capacity keep every ReLU, so
    // only the finetuning (the linearization methods' optimizer and epochs) remains.
    private Task<string> ControlAsync(PointContext context, CancellationToken cancellationToken) =>
        LinearizeAsync(context, Template with
        {
            Checkpoint = context.Settings.Checkpoint,
            Output = Path.Combine(context.WorkFolder, "control"),
            Budget = new ReluBudget(Checkpoint.ReadManifest(context.Settings.Checkpoint).Census.TotalCapacity, null),
            Method = LinearizationMethod.Random,
            Seed = context.Key.Seed,
        }, cancellationToken);

    /// <summary>Makes the point's model at <paramref name="budget"/> ReLUs and returns its checkpoint folder.</summary>
    /// <exception cref="PointFailedException">The method cannot make a usable model at this point.</exception>
    protected abstract Task<string> TrainAsync(PointContext context, long budget, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="spec"/> unless its output is already finished; returns the output folder.</summary>
    /// <exception cref="PointFailedException">Training diverged on both tries, or the budget is above the model's ReLUs.</exception>
    protected static async Task<string> LinearizeAsync(PointContext context, LinearizationSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(spec);
        if (VariantExport.IsFinished(spec.Output))
            return spec.Output;
        context.ReportPhase(LinearizationMethodNames.Id(spec.Method));
        try
        {
            await DivergenceRetry.RunAsync(spec.Output, () => LinearizationJob.Run(spec, cancellation: cancellationToken), context.ReportPhase, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new PointFailedException($"budget not reachable: {e.Message}", e);
        }
        return spec.Output;
    }
}
