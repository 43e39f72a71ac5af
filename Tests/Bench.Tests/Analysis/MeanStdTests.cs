using PiToolkit.Bench.Sweeps.Analysis;

namespace PiToolkit.Bench.Tests.Analysis;

public class MeanStdTests
{
    [Fact]
    public void Std_is_the_sample_deviation()
    {
        var summary = MeanStd.Of([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5, summary.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), summary.Std, 12);
        Assert.Equal(8, summary.Count);
    }

    [Fact]
    public void One_value_has_no_spread_and_prints_alone()
    {
        var summary = MeanStd.Of([0.9812]);
        Assert.Equal(0, summary.Std);
        Assert.Equal("98.12", summary.ToString("F2", 100));
        Assert.Equal("98.00 ± 1.00", MeanStd.Of([0.97, 0.98, 0.99]).ToString("F2", 100));
    }

    [Fact]
    public void Nothing_to_summarize_is_an_error() => Assert.Throws<ArgumentException>(() => MeanStd.Of([]));
}
