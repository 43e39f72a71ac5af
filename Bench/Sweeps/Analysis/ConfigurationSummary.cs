using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Analysis;

/// <summary>One configuration (model, method, budget) summarized over its seeds: what tables and plots show.</summary>
/// <param name="Model">The model.</param>
/// <param name="Method">The method.</param>
/// <param name="Budget">The ReLU budget.</param>
/// <param name="Failed">Seeds whose point recorded a failure (not in the statistics).</param>
/// <param name="Accuracy">Accuracy from the protocol's outputs.</param>
/// <param name="FloatAccuracy">The float model's accuracy on the same images.</param>
/// <param name="FloatTestAccuracy">The float model's accuracy on the whole test set.</param>
/// <param name="Relus">ReLUs kept.</param>
/// <param name="Parameters">Parameters.</param>
/// <param name="Macs">Multiply-accumulates.</param>
/// <param name="AndGates">AND gates.</param>
/// <param name="HeOperations">HE multiply_plain plus rotations.</param>
/// <param name="OfflineMs">Offline wall-clock per inference.</param>
/// <param name="OnlineMs">Online wall-clock per inference.</param>
/// <param name="OfflineBytes">Offline bytes both ways per inference.</param>
/// <param name="OnlineBytes">Online bytes both ways per inference.</param>
/// <param name="TotalBytes">All bytes both ways per inference.</param>
public sealed record ConfigurationSummary(string Model, string Method, BenchBudget Budget, int Failed,
    MeanStd Accuracy, MeanStd FloatAccuracy, MeanStd FloatTestAccuracy, MeanStd Relus, MeanStd Parameters, MeanStd Macs,
    MeanStd AndGates, MeanStd HeOperations, MeanStd OfflineMs, MeanStd OnlineMs, MeanStd OfflineBytes, MeanStd OnlineBytes, MeanStd TotalBytes)
{
    /// <summary>Seeds measured.</summary>
    public int Seeds => Accuracy.Count;

    /// <summary>
    /// Summarizes the measured points of <paramref name="points"/> per configuration, ordered by model,
    /// then method (in <see cref="BenchMethods.Known"/> order, unknown names after), then budget.
    /// Configurations whose every seed failed are left out.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="points"/> is null.</exception>
    public static IReadOnlyList<ConfigurationSummary> Of(IEnumerable<BenchPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return [.. points.GroupBy(p => p.Key.Configuration)
            .Where(g => g.Any(p => p.Succeeded))
            .Select(Summarize)
            .OrderBy(s => s.Model, StringComparer.Ordinal)
            .ThenBy(s => MethodRank(s.Method)).ThenBy(s => s.Method, StringComparer.Ordinal)
            .ThenBy(s => s.Budget)];
    }

    private static ConfigurationSummary Summarize(IGrouping<(string Model, string Method, BenchBudget Budget), BenchPoint> group)
    {
        var measured = group.Where(p => p.Succeeded).Select(p => p.Measurement!).ToList();
        MeanStd Of(Func<PointMeasurement, double> value) => MeanStd.Of(measured.Select(value));
        return new ConfigurationSummary(group.Key.Model, group.Key.Method, group.Key.Budget, group.Count(p => !p.Succeeded),
            Of(m => m.Protocol.Accuracy), Of(m => m.Protocol.FloatAccuracy), Of(m => m.Variant.FloatTestAccuracy),
            Of(m => m.Variant.Relus), Of(m => m.Variant.Parameters), Of(m => m.Variant.Macs),
            Of(m => m.Protocol.AndGates), Of(m => m.Protocol.HeMultiplyPlain + m.Protocol.HeRotations),
            Of(m => m.Protocol.OfflineMs), Of(m => m.Protocol.OnlineMs),
            Of(m => m.Protocol.OfflineBytes), Of(m => m.Protocol.OnlineBytes), Of(m => m.Protocol.TotalBytes));
    }

    private static int MethodRank(string method)
    {
        int index = BenchMethods.Known.ToList().IndexOf(method);
        return index < 0 ? int.MaxValue : index;
    }
}
