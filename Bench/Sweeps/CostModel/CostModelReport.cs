namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>The cost model of a run: the fits, the split they were measured on, and predictions.</summary>
/// <param name="TrainConfigurations">Configurations (model method budget) fitted on.</param>
/// <param name="TestConfigurations">Configurations held out to measure the error.</param>
/// <param name="Fits">One fit per <see cref="CostTarget"/>; empty when <paramref name="NotFitted"/> says why.</param>
/// <param name="Predictions">Predicted costs of the unmeasured configurations asked for.</param>
/// <param name="NotFitted">Why there is no model (too few configurations), or null.</param>
public sealed record CostModelReport(IReadOnlyList<string> TrainConfigurations, IReadOnlyList<string> TestConfigurations,
    IReadOnlyList<TargetFit> Fits, IReadOnlyList<CostPrediction> Predictions, string? NotFitted);
