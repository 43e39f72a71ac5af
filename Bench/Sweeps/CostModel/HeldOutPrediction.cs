namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>A configuration predicted by cost models fitted on every other configuration.</summary>
/// <param name="Name">The configuration.</param>
/// <param name="Features">Its operation counts.</param>
/// <param name="Costs">One entry per <see cref="CostTarget"/>, in <see cref="CostTargets.All"/> order.</param>
public sealed record HeldOutPrediction(string Name, CostFeatures Features, IReadOnlyList<PredictedCost> Costs)
{
    /// <summary>The entry for <paramref name="target"/>.</summary>
    public PredictedCost this[CostTarget target] => Costs.Single(c => c.Target == target);
}
