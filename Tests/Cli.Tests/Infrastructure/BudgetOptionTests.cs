using System.CommandLine;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;

namespace PiToolkit.Cli.Tests.Infrastructure;

public sealed class BudgetOptionTests
{
    [Theory]
    [InlineData("500", 500L, null)]
    [InlineData("0", 0L, null)]
    [InlineData("0.1", null, 0.1)]
    [InlineData("10%", null, 0.1)]
    [InlineData("0%", null, 0.0)]
    public void One_budget_reads_counts_fractions_percentages_and_zero(string text, long? count, double? fraction)
    {
        var option = BudgetOption.Single("--budget", "ReLUs to keep");
        var parse = new RootCommand { option }.Parse(["--budget", text]);
        Assert.Empty(parse.Errors);
        var budget = parse.GetValue(option)!;
        Assert.Equal(count, budget.Count);
        Assert.Equal(fraction, budget.Fraction);
    }

    [Fact]
    public void A_list_reads_every_form_and_the_default_applies_when_absent()
    {
        var option = BudgetOption.List("--budgets", "budgets", "1000,30");
        var root = new RootCommand { option };
        Assert.Equal([new ReluBudget(300, null), new ReluBudget(null, 0.05), new ReluBudget(0, null)], root.Parse(["--budgets", "300, 5%,0"]).GetValue(option)!);
        Assert.Equal([new ReluBudget(1000, null), new ReluBudget(30, null)], root.Parse([]).GetValue(option)!);
    }

    [Theory]
    [InlineData("linearize", "--budget", "-5")]
    [InlineData("demo", "--budget", "lots")]
    [InlineData("sweep", "--budgets", "10,1.5")]
    [InlineData("sweep", "--budgets", ",")]
    public void Every_command_refuses_a_bad_budget_with_the_same_message(string command, string name, string value)
    {
        var parse = RootCommandFactory.Create().Parse(Arguments(command, name, value));
        var error = Assert.Single(parse.Errors, e => e.Message.Contains("budget", StringComparison.Ordinal));
        Assert.Contains(value == "," ? "names no budget" : ReluBudget.Syntax, error.Message);
    }

    [Theory]
    [InlineData("linearize", "--budget", "0")]
    [InlineData("demo", "--budget", "0")]
    [InlineData("sweep", "--budgets", "100,10%,0")]
    public void Every_command_accepts_budget_zero(string command, string name, string value) =>
        Assert.Empty(RootCommandFactory.Create().Parse(Arguments(command, name, value)).Errors);

    private static string[] Arguments(string command, string name, string value) =>
        command == "demo" ? [command, name, value] : [command, name, value, "--checkpoint", "c", "--out", "o"];
}
