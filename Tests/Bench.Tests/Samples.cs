using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests;

/// <summary>Hand-made points and settings. Every number is distinct so a swapped field shows.</summary>
internal static class Samples
{
    public static BenchSettings Settings(string checkpoint = "runs/lenet5", int workers = 1, int images = 50) =>
        new("lenet5", checkpoint, ["snl", "random"], [BenchBudget.Of(30), BenchBudget.Of(300), BenchBudget.All], [1, 2], images, workers);

    public static PointMeasurement Measurement(long relus = 300, double accuracy = 0.95, double onlineMs = 12.5, int images = 50) => new(
        new ModelVariant("work/x/model.pim", 0.971, relus, 7, 61_706, 416_520),
        new ProtocolMeasurement(images, accuracy, 0.96, 9, 1_234, 5_678, 300 * relus + 11, 2 * relus + 13,
            101.5, 202.25, 250.125, 3.5, 4.75, onlineMs, 1_000_001, 2_000_002, 30_003, 40_004));

    public static BenchPoint Point(string method = "snl", long budget = 300, int seed = 1, double accuracy = 0.95, double onlineMs = 12.5) =>
        new(new BenchPointKey("lenet5", method, BenchBudget.Of(budget), seed), Measurement(budget, accuracy, onlineMs), null, 42.5,
            new DateTime(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc));

    public static BenchPoint Failed(string method = "snl", long budget = 30, int seed = 3) =>
        new(new BenchPointKey("lenet5", method, BenchBudget.Of(budget), seed), null, "training diverged in epoch 2, \"loss\" NaN", 3.25,
            new DateTime(2026, 12, 2, 9, 5, 0, DateTimeKind.Utc));
}
