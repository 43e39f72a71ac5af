namespace PiToolkit.Bench.Sweeps.CostModel;

public static partial class CostModelFitter
{
    /// <summary>
    /// Fits every target on all of <paramref name="configurations"/> and prices <paramref name="unmeasured"/>
    /// with those fits: how a handful of expensive runs (pi-run reports) predict a model too large to run.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="Build"/>, nothing is held out: with a few runs every one is needed to fit, and
    /// the error to expect is the one <see cref="LeaveOneOut"/> measures on the same runs.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="configurations"/> is empty or has a non-finite value.</exception>
    public static IReadOnlyList<CostPrediction> Predict(IReadOnlyList<MeasuredConfiguration> configurations, IEnumerable<UnmeasuredConfiguration> unmeasured)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(unmeasured);
        var models = CostTargets.All.ToDictionary(t => t, t => Fit(t, [.. configurations.Select(c => (c.Features, t.Measured(c.Protocol)))]));
        return [.. unmeasured.Select(u => Price(u, target => models[target]))];
    }

    // One place that turns fitted models into a labelled prediction; a target without a model is null.
    private static CostPrediction Price(UnmeasuredConfiguration configuration, Func<CostTarget, LinearCostModel?> model)
    {
        double? Predict(CostTarget target) => model(target)?.Predict(configuration.Features);
        return new CostPrediction(configuration.Name, configuration.Features, Predict(CostTarget.OnlineMs), Predict(CostTarget.OfflineMs),
            Predict(CostTarget.OnlineBytes), Predict(CostTarget.OfflineBytes), configuration.Published);
    }
}
