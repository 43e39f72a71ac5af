using PiToolkit.Linearize.Baselines;
using PiToolkit.Linearize.Masks;
using PiToolkit.Models.Census;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Linearize.Tests.Baselines;

public sealed class RandomSelectionTests
{
    private static ZooModel LeNet5()
    {
        var model = ModelZoo.Build(new ModelOptions("lenet5"));
        ReluCensus.Take(model);
        return model;
    }

    [Fact]
    public void The_choice_depends_only_on_the_seed()
    {
        using var model = LeNet5();
        var entries = SiteMasks.EntriesPerSite(model, MaskGranularity.Pixel);
        bool[][] Pick(int seed) => BudgetSelector.Select(RandomSelection.Units(model, MaskGranularity.Pixel, seed), entries, 500).Keep;
        Assert.Equal(Pick(4), Pick(4));
        Assert.NotEqual(Pick(4), Pick(5));
    }

    [Fact]
    public void Kept_ReLUs_spread_over_the_sites_in_proportion_to_their_size()
    {
        // Uniform sampling of 1,000 of 4,684 ReLUs keeps about 21.3 % of every site; a bias towards
        // early sites or low indices (e.g. from the tie-break) would show as a large deviation.
        using var model = LeNet5();
        var entries = SiteMasks.EntriesPerSite(model, MaskGranularity.Pixel);
        var (keep, achieved) = BudgetSelector.Select(RandomSelection.Units(model, MaskGranularity.Pixel, seed: 7), entries, 1000);
        Assert.Equal(1000, achieved);
        for (int s = 0; s < entries.Length; s++)
        {
            double expected = 1000.0 * entries[s] / 4684;
            // Hypergeometric standard deviation is at most √expected; allow five of them.
            Assert.InRange(keep[s].Count(k => k), expected - 5 * Math.Sqrt(expected), expected + 5 * Math.Sqrt(expected));
        }
        // Within the big first site, kept indices are not bunched at the start.
        var indices = keep[0].Select((k, i) => (k, i)).Where(t => t.k).Select(t => t.i).ToList();
        Assert.InRange(indices.Average(), 3456 / 2.0 - 200, 3456 / 2.0 + 200);
    }
}
