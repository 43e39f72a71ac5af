using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;

namespace PiToolkit.Bench.Tests.Running;

public class BenchArgumentsTests
{
    [Fact]
    public void The_issues_example_lists_parse()
    {
        Assert.Equal(BenchMethods.Known, BenchArguments.ParseMethods("snl,random,layerwise,prune-channel-taylor,prune+snl"));
        Assert.Equal([BenchBudget.Of(0), BenchBudget.Of(30), BenchBudget.Of(100), BenchBudget.Of(300), BenchBudget.Of(1000), BenchBudget.All],
            BenchArguments.ParseBudgets("0,30,100,300,1000,all"));
        Assert.Equal([1, 2, 3], BenchArguments.ParseSeeds("1, 2, 3"));
    }

    [Theory]
    [InlineData("snl,snll", "--methods: 'snll' is not a method (snl, random, layerwise, prune-channel-taylor, prune+snl)")]
    [InlineData("snl,,random", "--methods: empty item in 'snl,,random'")]
    [InlineData("snl,snl", "--methods: snl is listed twice")]
    [InlineData("", "--methods: empty list")]
    public void Bad_methods_fail_with_one_line_naming_the_problem(string text, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => BenchArguments.ParseMethods(text));
        Assert.Equal("--methods", e.ParamName);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30,-1")]
    [InlineData("30,3e2")]
    [InlineData("all,ALL")]
    public void Bad_budgets_are_refused(string text) => Assert.Throws<ArgumentException>(() => BenchArguments.ParseBudgets(text));

    [Theory]
    [InlineData("0")]
    [InlineData("1,x")]
    [InlineData("1,1")]
    public void Bad_seeds_are_refused(string text) => Assert.Throws<ArgumentException>(() => BenchArguments.ParseSeeds(text));
}
