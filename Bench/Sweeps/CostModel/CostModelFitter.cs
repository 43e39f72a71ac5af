using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>
/// Fits latency and bytes as non-negative linear functions of <see cref="CostFeatures"/>, measures the
/// prediction error on held-out configurations, and prices configurations that were not run.
/// </summary>
public static partial class CostModelFitter
{
    /// <summary>Fewest configurations a split can be made from: two to fit on, one to test.</summary>
    public const int MinimumConfigurations = 3;

    /// <summary>Fits <paramref name="target"/> on <paramref name="training"/> by non-negative least squares.</summary>
    /// <exception cref="ArgumentException"><paramref name="training"/> is empty or has a non-finite value.</exception>
    public static LinearCostModel Fit(CostTarget target, IReadOnlyList<(CostFeatures Features, double Value)> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0) throw new ArgumentException("no points to fit on", nameof(training));
        int terms = CostFeatures.TermNames.Count;
        var a = new double[training.Count, terms];
        var b = new double[training.Count];
        for (int i = 0; i < training.Count; i++)
        {
            var row = training[i].Features.ToVector();
            for (int j = 0; j < terms; j++) a[i, j] = row[j];
            b[i] = training[i].Value;
        }
        var x = NonNegativeLeastSquares.Solve(a, b);
        return new LinearCostModel(target, CostFeatures.TermNames.Select((name, j) => (name, x[j])).ToDictionary(t => t.name, t => t.Item2));
    }

    /// <summary>
    /// Fits on <paramref name="training"/> and measures the relative error |predicted − measured| /
    /// measured on <paramref name="test"/>; test points whose measured value is not positive have no
    /// relative error and are left out of it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="training"/> is empty, or no test point has a positive value.</exception>
    public static TargetFit Evaluate(CostTarget target, IReadOnlyList<(CostFeatures Features, double Value)> training,
        IReadOnlyList<(CostFeatures Features, double Value)> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var model = Fit(target, training);
        var errors = test.Where(t => t.Value > 0).Select(t => Math.Abs(model.Predict(t.Features) - t.Value) / t.Value).ToList();
        if (errors.Count == 0) throw new ArgumentException("no test point with a positive measured value", nameof(test));
        return new TargetFit(model, training.Count, errors.Count, errors.Average(), errors.Max());
    }

    /// <summary>
    /// The cost model of a run: holds out a seeded random <see cref="CostModelOptions.TestFraction"/> of
    /// the measured configurations, fits each target on the rest and measures the error on them, then
    /// predicts <paramref name="unmeasured"/> with the same fitted models.
    /// </summary>
    /// <remarks>
    /// The split is by configuration, not by point: seeds of one configuration have almost the same
    /// operation counts, so holding out one seed while fitting on another would measure how well the
    /// model remembers, not how well it predicts. The model that predicts is the one whose error is
    /// reported (it is not refitted on every point), so the error stated is the error of what is used.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The test fraction is not in (0, 1).</exception>
    public static CostModelReport Build(IEnumerable<BenchPoint> points, IEnumerable<UnmeasuredConfiguration> unmeasured, CostModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(unmeasured);
        options ??= new CostModelOptions();
        if (!(options.TestFraction > 0 && options.TestFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.TestFraction, "the test fraction must lie strictly between 0 and 1");

        var measured = points.Where(p => p.Succeeded).ToList();
        var configurations = measured.Select(p => Name(p.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (configurations.Count < MinimumConfigurations)
            return new CostModelReport([], [], [], [],
                $"{configurations.Count} measured configuration(s); the cost model needs at least {MinimumConfigurations} (two to fit, one to test)");

        var shuffled = configurations.ToArray();
        new Random(options.SplitSeed).Shuffle(shuffled);
        int testCount = Math.Clamp((int)Math.Round(options.TestFraction * shuffled.Length), 1, shuffled.Length - 2);
        var test = shuffled.Take(testCount).Order(StringComparer.Ordinal).ToList();
        var testSet = test.ToHashSet();
        var train = configurations.Where(c => !testSet.Contains(c)).ToList();

        var fits = new List<TargetFit>();
        foreach (var target in CostTargets.All)
        {
            List<(CostFeatures, double)> Rows(bool inTest) => [.. measured.Where(p => testSet.Contains(Name(p.Key)) == inTest)
                .Select(p => (CostFeatures.Of(p.Measurement!), target.Measured(p.Measurement!)))];
            var testRows = Rows(inTest: true);
            if (testRows.All(r => r.Item2 <= 0)) continue;
            fits.Add(Evaluate(target, Rows(inTest: false), testRows));
        }

        var predictions = unmeasured.Select(u => Price(u, target => fits.FirstOrDefault(f => f.Model.Target == target)?.Model)).ToList();
        return new CostModelReport(train, test, fits, predictions, null);
    }

    /// <summary>How reports name a configuration: <c>model method budget</c>.</summary>
    public static string Name(BenchPointKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"{key.Model} {key.Method} {key.Budget}";
    }
}
