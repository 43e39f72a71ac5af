namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>A cost model for one target and how well it predicted points it was not fitted on.</summary>
/// <param name="Model">The model fitted on the training points; the same one predicts unmeasured configurations.</param>
/// <param name="TrainPoints">Points fitted on.</param>
/// <param name="TestPoints">Held-out points with a positive measured value, on which the error is measured.</param>
/// <param name="MeanRelativeError">Mean of |predicted − measured| / measured over the test points.</param>
/// <param name="MaxRelativeError">Largest such error.</param>
public sealed record TargetFit(LinearCostModel Model, int TrainPoints, int TestPoints, double MeanRelativeError, double MaxRelativeError);
