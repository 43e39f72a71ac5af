using PiToolkit.Linearize.Masks;

namespace PiToolkit.Linearize.Tests.Masks;

public sealed class BudgetSelectorTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(100)]
    public void Unit_cost_entries_hit_the_budget_exactly_keeping_the_highest_scores(int budget)
    {
        var random = new Random(budget);
        var units = Enumerable.Range(0, 100).Select(i => new MaskUnit(i % 3, i / 3, random.NextDouble(), 1)).ToList();
        var (keep, achieved) = BudgetSelector.Select(units, [34, 33, 33], budget);
        Assert.Equal(budget, achieved);
        Assert.Equal(budget, keep.Sum(k => k.Count(x => x)));
        var threshold = units.Select(u => u.Score).OrderDescending().ElementAtOrDefault(budget - 1);
        Assert.All(units.Where(u => keep[u.Site][u.Index]), u => Assert.True(u.Score >= threshold));
    }

    [Fact]
    public void Ties_are_broken_by_site_then_index()
    {
        var units = new[] { new MaskUnit(1, 0, 0.5, 1), new MaskUnit(0, 1, 0.5, 1), new MaskUnit(0, 0, 0.5, 1) };
        var (keep, _) = BudgetSelector.Select(units, [2, 1], 2);
        Assert.Equal([true, true], keep[0]);
        Assert.Equal([false], keep[1]);
    }

    [Fact]
    public void Costly_entries_that_would_overshoot_are_skipped_and_cheaper_ones_fill_the_rest()
    {
        // A conv site with 16-ReLU channels and an FC site with unit costs.
        var units = Enumerable.Range(0, 4).Select(i => new MaskUnit(0, i, 1 - i * 0.1, 16))
            .Concat(Enumerable.Range(0, 10).Select(i => new MaskUnit(1, i, 0.5 - i * 0.01, 1))).ToList();
        var (keep, achieved) = BudgetSelector.Select(units, [4, 10], 40);
        Assert.Equal(40, achieved);
        Assert.Equal([true, true, false, false], keep[0]);
        Assert.Equal(8, keep[1].Count(k => k));
    }

    [Fact]
    public void The_budget_is_never_exceeded_even_when_it_cannot_be_met()
    {
        var units = Enumerable.Range(0, 3).Select(i => new MaskUnit(0, i, i, 16)).ToList();
        var (_, achieved) = BudgetSelector.Select(units, [3], 40);
        Assert.Equal(32, achieved);
    }
}
