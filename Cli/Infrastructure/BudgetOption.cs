using System.CommandLine;
using System.CommandLine.Parsing;
using PiToolkit.Linearize;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>
/// The ReLU-budget options of <c>pitk linearize</c>, <c>pitk demo</c> (one budget) and
/// <c>pitk sweep</c> (a comma-separated list). All read budgets with <see cref="ReluBudget.Parse"/>,
/// so a count, a fraction, a percentage and 0 mean the same in every command.
/// </summary>
public static class BudgetOption
{
    /// <summary>An option holding one budget; <paramref name="defaultValue"/> null makes it required.</summary>
    public static Option<ReluBudget> Single(string name, string description, string? defaultValue = null)
    {
        var option = new Option<ReluBudget>(name)
        {
            Description = $"{description}: {ReluBudget.Syntax}",
            CustomParser = result => ParseOrReport(result, result.Tokens.Count == 0 ? "" : result.Tokens[0].Value),
            Required = defaultValue is null,
        };
        if (defaultValue is not null)
        {
            // A default that does not parse is a bug in the command, not a user mistake: let it throw.
            option.DefaultValueFactory = _ => ReluBudget.Parse(defaultValue);
            option.HelpName = "budget";
        }
        return option;
    }

    /// <summary>An option holding comma-separated budgets, e.g. <c>1000,300,10%,0</c>.</summary>
    public static Option<IReadOnlyList<ReluBudget>> List(string name, string description, string defaultValue)
    {
        IReadOnlyList<ReluBudget> Parse(ArgumentResult result, string text)
        {
            var budgets = new List<ReluBudget>();
            foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var budget = ParseOrReport(result, item);
                if (budget is null) return [];
                budgets.Add(budget);
            }
            if (budgets.Count == 0) result.AddError($"{name} names no budget");
            return budgets;
        }
        return new Option<IReadOnlyList<ReluBudget>>(name)
        {
            Description = $"{description}, comma-separated; each {ReluBudget.Syntax}",
            CustomParser = result => Parse(result, result.Tokens.Count == 0 ? defaultValue : result.Tokens[0].Value),
            DefaultValueFactory = result => Parse(result, defaultValue),
            HelpName = "budgets",
        };
    }

    private static ReluBudget? ParseOrReport(ArgumentResult result, string text)
    {
        try
        {
            return ReluBudget.Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return null;
        }
    }
}
