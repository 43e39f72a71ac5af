namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>
/// How well the cost model predicts each measured configuration when fitted on the others
/// (<see cref="CostModelFitter.LeaveOneOut"/>).
/// </summary>
/// <param name="Configurations">Each configuration, held out once, in input order.</param>
public sealed record LeaveOneOutReport(IReadOnlyList<HeldOutPrediction> Configurations)
{
    /// <summary>Mean relative error of <paramref name="target"/> over the configurations that have one, or null if none has.</summary>
    public double? MeanRelativeError(CostTarget target) => Errors(target) is { Count: > 0 } e ? e.Average() : null;

    /// <summary>Largest relative error of <paramref name="target"/>, or null if no configuration has one.</summary>
    public double? MaxRelativeError(CostTarget target) => Errors(target) is { Count: > 0 } e ? e.Max() : null;

    private List<double> Errors(CostTarget target) =>
        [.. Configurations.Select(c => c[target].RelativeError).OfType<double>()];
}
