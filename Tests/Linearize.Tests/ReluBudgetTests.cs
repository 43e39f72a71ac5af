namespace PiToolkit.Linearize.Tests;

public sealed class ReluBudgetTests
{
    [Theory]
    [InlineData("500", 4684, 500)]
    [InlineData("0.1", 4684, 468)]
    [InlineData("10%", 4684, 468)]
    [InlineData("100%", 4684, 4684)]
    [InlineData("0", 4684, 0)]
    [InlineData("0%", 4684, 0)]
    [InlineData("0.0", 4684, 0)]
    public void Counts_fractions_and_percentages_resolve_against_the_model(string text, long capacity, long expected) =>
        Assert.Equal(expected, ReluBudget.Parse(text).Resolve(capacity));

    [Theory]
    [InlineData("-5")]
    [InlineData("-1%")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("150%")]
    public void Nonsense_budgets_are_refused(string text) => Assert.Throws<FormatException>(() => ReluBudget.Parse(text));

    [Fact]
    public void A_count_above_the_models_ReLUs_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReluBudget.Parse("5000").Resolve(4684));
}
