namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>One target of a held-out configuration: what was measured and what a model fitted without it predicted.</summary>
/// <param name="Target">The cost.</param>
/// <param name="Measured">The measured value.</param>
/// <param name="Predicted">The prediction.</param>
public sealed record PredictedCost(CostTarget Target, double Measured, double Predicted)
{
    /// <summary>|predicted − measured| / measured, or null when nothing positive was measured (no scale to compare with).</summary>
    public double? RelativeError => Measured > 0 ? Math.Abs(Predicted - Measured) / Measured : null;
}
