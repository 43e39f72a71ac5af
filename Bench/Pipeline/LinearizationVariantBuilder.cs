using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Linearize;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// Builds the points of the linearization methods (<c>snl</c>, <c>random</c>, <c>layerwise</c>):
/// <see cref="LinearizationJob"/> from the run's checkpoint to the point's budget with the point's seed,
/// with the run's weight-training settings (the same total epochs for every method), then export.
/// </summary>
public sealed class LinearizationVariantBuilder : TrainedVariantBuilder
{
    /// <inheritdoc cref="TrainedVariantBuilder(LinearizationSpec)"/>
    public LinearizationVariantBuilder(LinearizationSpec template) : base(template) { }

    /// <inheritdoc/>
    protected override Task<string> TrainAsync(PointContext context, long budget, CancellationToken cancellationToken) =>
        LinearizeAsync(context, Template with
        {
            Checkpoint = context.Settings.Checkpoint,
            Output = Path.Combine(context.WorkFolder, "linearized"),
            Budget = new ReluBudget(budget, null),
            Method = LinearizationMethodNames.Parse(context.Key.Method),
            Seed = context.Key.Seed,
        }, cancellationToken);
}
