using System.CommandLine;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Sweeps;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk sweep</c>: linearize one checkpoint at several budgets with several methods and tabulate test accuracy.</summary>
public static class SweepCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var budgets = BudgetOption.List("--budgets", "ReLU budgets to run", "1000,300,100,30");
        var methods = new Option<string>("--methods") { Description = "Comma-separated methods (snl, random, layerwise)", DefaultValueFactory = _ => "snl,random,layerwise" };
        var shared = new LinearizationOptions();
        var command = new Command("sweep", "Linearize a checkpoint at several budgets with SNL and the baselines (same finetuning); writes results.csv and results.md") { budgets, methods };
        shared.AddTo(command);
        command.SetGuardedAction((parse, token) =>
        {
            var methodList = Split(parse.GetValue(methods)!, s => Enum.TryParse<LinearizationMethod>(s, ignoreCase: true, out var m) ? m : throw new UserError($"method '{s}' is not snl, random or layerwise"));
            var spec = shared.Read(parse);
            LinearizationSweep.Run(spec, spec.Output, parse.GetValue(budgets)!, methodList, Console.WriteLine, token);
            Console.WriteLine(File.ReadAllText(Path.Combine(spec.Output, "results.md")));
            return Task.FromResult(0);
        });
        return command;
    }

    private static List<T> Split<T>(string text, Func<string, T> parse) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();
}
