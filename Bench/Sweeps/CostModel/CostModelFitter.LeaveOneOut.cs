namespace PiToolkit.Bench.Sweeps.CostModel;

public static partial class CostModelFitter
{
    /// <summary>
    /// Leave-one-out check of the cost model: for each configuration, fits every target on all the
    /// other configurations and predicts the one left out.
    /// </summary>
    /// <remarks>
    /// Meant for a handful of expensive runs (a few pi-run reports of different models), where a
    /// random split as in <see cref="Build"/> would leave too little to fit on; every run is tested
    /// once, against a model that never saw it.
    /// </remarks>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinimumConfigurations"/> configurations, or two share a name.</exception>
    public static LeaveOneOutReport LeaveOneOut(IReadOnlyList<MeasuredConfiguration> configurations)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        if (configurations.Count < MinimumConfigurations)
            throw new ArgumentException(
                $"{configurations.Count} configuration(s); a leave-one-out check needs at least {MinimumConfigurations} (two to fit, one to test)", nameof(configurations));
        if (configurations.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"configuration '{twice.Key}' is given twice", nameof(configurations));

        var rows = new List<HeldOutPrediction>();
        foreach (var heldOut in configurations)
        {
            var others = configurations.Where(c => !ReferenceEquals(c, heldOut)).ToList();
            var costs = CostTargets.All.Select(target =>
            {
                var model = Fit(target, [.. others.Select(c => (c.Features, target.Measured(c.Protocol)))]);
                return new PredictedCost(target, target.Measured(heldOut.Protocol), model.Predict(heldOut.Features));
            }).ToList();
            rows.Add(new HeldOutPrediction(heldOut.Name, heldOut.Features, costs));
        }
        return new LeaveOneOutReport(rows);
    }
}
