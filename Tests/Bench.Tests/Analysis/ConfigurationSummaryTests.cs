using PiToolkit.Bench.Sweeps.Analysis;

namespace PiToolkit.Bench.Tests.Analysis;

public class ConfigurationSummaryTests
{
    [Fact]
    public void Seeds_of_a_configuration_are_summarized_and_failures_counted_apart()
    {
        var summaries = ConfigurationSummary.Of([
            Samples.Point("random", 300, seed: 1, accuracy: 0.90),
            Samples.Point("snl", 300, seed: 1, accuracy: 0.96),
            Samples.Point("snl", 300, seed: 2, accuracy: 0.98),
            Samples.Failed("snl", 300, seed: 3),
            Samples.Point("snl", 30, seed: 1, accuracy: 0.80),
            Samples.Failed("layerwise", 30, seed: 1),
        ]);

        // Method order is the known order (snl before random); the all-failed configuration is absent.
        Assert.Equal(["snl 30", "snl 300", "random 300"], summaries.Select(s => $"{s.Method} {s.Budget}"));
        var snl300 = summaries[1];
        Assert.Equal(2, snl300.Seeds);
        Assert.Equal(1, snl300.Failed);
        Assert.Equal(0.97, snl300.Accuracy.Mean, 12);
        Assert.Equal(Math.Sqrt(2) * 0.01, snl300.Accuracy.Std, 12);
        Assert.Equal(1_234 + 5_678, snl300.HeOperations.Mean);
        Assert.Equal(1_000_001 + 2_000_002 + 30_003 + 40_004, snl300.TotalBytes.Mean);
    }
}
