using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.Bench.Pipeline;

/// <summary>
/// The cost model's features of a plan that was counted, not run (<see cref="PlanOperations.Count"/>):
/// the counterpart of <see cref="LoopbackProtocolMeasurer.ToMeasurement"/>, which reads the same
/// features from a run's report. Lives beside it because the cost model (Bench.Sweeps) knows nothing
/// of the protocol's types.
/// </summary>
public static class PlanFeatures
{
    /// <summary>
    /// Totals of <paramref name="steps"/>; layers are the steps themselves, since a run meters every
    /// step (one row per phase) and the report's layer count is the number of distinct steps.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> is null.</exception>
    public static CostFeatures Of(IReadOnlyList<StepOperations> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return new CostFeatures(steps.Sum(s => s.Relus), steps.Sum(s => s.AndGates), steps.Sum(s => s.MultiplyPlain),
            steps.Sum(s => s.Rotations), steps.Count);
    }
}
