using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Makes the model of a point: from the run's checkpoint, apply the point's method (linearization to
/// the budget, pruning, or pruning then SNL) with the point's seed, finetune, and export a
/// <c>.pim</c> file. Linearization (issue 9) and pruning (issue 12) implement this.
/// </summary>
/// <remarks>
/// Work goes into <see cref="PointContext.WorkFolder"/>; a builder that finds its finished model
/// there should return it without retraining, which is what makes a long run resumable mid-point.
/// </remarks>
public interface IVariantBuilder
{
    /// <summary>Builds (or finds) the model for <paramref name="context"/>'s point.</summary>
    /// <exception cref="PointFailedException">No usable model (e.g. training diverged).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    ValueTask<ModelVariant> BuildAsync(PointContext context, CancellationToken cancellationToken);
}
