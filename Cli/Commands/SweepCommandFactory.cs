using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Sweeps;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk sweep</c>: linearize one checkpoint at several budgets, methods and seeds and tabulate test accuracy (mean ± std).</summary>
public static class SweepCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var budgets = BudgetOption.List("--budgets", "ReLU budgets to run (0 = the fully linear model, which is added anyway)", "1000,300,100,30,0");
        var methods = new Option<string>("--methods") { Description = "Comma-separated methods (snl, random, criticality)", DefaultValueFactory = _ => "snl,random,criticality" };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds; tables show mean ± standard deviation over them", DefaultValueFactory = _ => "1" };
        var reportOnly = new Option<bool>("--report-only") { Description = "Only tabulate the runs already in --out (e.g. made by parallel sweeps); run nothing" };
        var shared = new LinearizationOptions();
        var command = new Command("sweep",
            "Linearize a checkpoint at several budgets with SNL and the baselines (same weight-training epochs), plus an unlinearized control and a "
            + "fully linear floor, over one or more seeds; writes results.csv and results.md") { budgets, methods, seeds, reportOnly };
        shared.AddTo(command);
        command.SetGuardedAction((parse, token) =>
        {
            var methodList = Split(parse.GetValue(methods)!, LinearizationMethodNames.Parse);
            var seedList = Split(parse.GetValue(seeds)!, s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw new UserError($"seed '{s}' is not a whole number"));
            if (seedList.Count == 0) throw new UserError("--seeds names no seed");
            var spec = shared.Read(parse);
            LinearizationSweep.Run(spec, spec.Output, parse.GetValue(budgets)!, methodList, seedList, referenceRows: true, Console.WriteLine, token, runMissing: !parse.GetValue(reportOnly));
            Console.WriteLine(File.ReadAllText(Path.Combine(spec.Output, "results.md")));
            return Task.FromResult(0);
        });
        return command;
    }

    private static List<T> Split<T>(string text, Func<string, T> parse) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();
}
