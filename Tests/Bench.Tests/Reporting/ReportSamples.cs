using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Reporting;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests.Reporting;

/// <summary>A small but complete report: two methods, three budgets, two seeds, one failure, a second model.</summary>
internal static class ReportSamples
{
    public static MachineInfo Machine { get; } = new("Test CPU @ 3.0GHz", 2, "Linux 6.1", ".NET 10.0.0", "0.1.0");

    public static IReadOnlyList<BenchPoint> Points()
    {
        var points = new List<BenchPoint>();
        foreach (var (method, quality) in new[] { ("snl", 0.0), ("random", -0.05) })
            foreach (long budget in new long[] { 30, 300, 3_000 })
                foreach (int seed in new[] { 1, 2 })
                {
                    double accuracy = 0.70 + 0.08 * Math.Log10(budget) + quality + 0.01 * seed;
                    var point = Samples.Point(method, budget, seed, accuracy, onlineMs: 5 + budget / 100.0 + seed * 0.1);
                    points.Add(point);
                }
        points.Add(Samples.Failed("random", 30, 3));
        points.Add(Samples.Point("snl", 300, 1) with { Key = new BenchPointKey("minionn", "snl", BenchBudget.All, 1) });
        return points;
    }

    public static BenchReport Report() => BenchReport.Create(Points(), Machine, Samples.Settings(),
        [new UnmeasuredConfiguration("resnet18 snl 50000", new CostFeatures(50_000, 15_000_000, 2_000_000, 90_000, 40),
            new PublishedCosts("Paper, Table 1", 58_400, 8_300, 6.04e9, null))]);
}
