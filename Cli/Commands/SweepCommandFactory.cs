using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Pruning;
using PiToolkit.Linearize.Sweeps;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk sweep</c>: linearize or prune one checkpoint at several budgets, sparsities, methods and
/// seeds with the same weight-training epochs and tabulate test accuracy (mean ± std).
/// </summary>
public static class SweepCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var budgets = BudgetOption.List("--budgets", "ReLU budgets to run (0 = the fully linear model, which is added anyway); channel pruning methods run at them too", "1000,300,100,30,0");
        var methods = new Option<string>("--methods")
        {
            Description = "Comma-separated methods: linearization (snl, random, criticality) and pruning ("
                + string.Join(", ", PruningSweepMethod.All.Select(m => m.Name)) + ")",
            DefaultValueFactory = _ => "snl,random,criticality",
        };
        var sparsities = new Option<string?>("--sparsities") { Description = "Comma-separated sparsities (50% or 0.5) every pruning method runs at, next to the ReLU budgets" };
        var impRounds = CommonOptions.PositiveInt("--imp-rounds", "IMP's rounds; --epochs must split into that many equal rounds", 2);
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds; tables show mean ± standard deviation over them", DefaultValueFactory = _ => "1" };
        var reportOnly = new Option<bool>("--report-only") { Description = "Only tabulate the runs already in --out (e.g. made by parallel sweeps); run nothing" };
        var shared = new LinearizationOptions();
        var command = new Command("sweep",
            "Linearize or prune a checkpoint at several budgets and sparsities with SNL, the baselines and pruning methods (same weight-training epochs), plus an "
            + "unlinearized control, a dense retrained row when pruning and a fully linear floor, over one or more seeds; writes results.csv and results.md")
            { budgets, methods, sparsities, impRounds, seeds, reportOnly };
        shared.AddTo(command);
        command.SetGuardedAction((parse, token) =>
        {
            var names = Split(parse.GetValue(methods)!, s => s);
            var linearization = names.Where(n => !PruningSweepMethod.IsPruning(n)).Select(LinearizationMethodNames.Parse).ToList();
            var pruning = names.Where(PruningSweepMethod.IsPruning).Select(PruningSweepMethod.Parse).ToList();
            var sparsityList = Split(parse.GetValue(sparsities) ?? "", s => PruneCommandFactory.Target(s, null, null, null).Value);
            if (pruning.Count > 0 && sparsityList.Count == 0 && pruning.Any(m => m.Structure == PruningStructure.Unstructured))
                throw new UserError("unstructured pruning removes no ReLU, so it cannot meet a ReLU budget: give --sparsities");
            if (pruning.Count == 0 && sparsityList.Count > 0) throw new UserError("--sparsities needs a pruning method (prune-…) in --methods");
            var seedList = Split(parse.GetValue(seeds)!, s => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw new UserError($"seed '{s}' is not a whole number"));
            if (seedList.Count == 0) throw new UserError("--seeds names no seed");
            var spec = shared.Read(parse);
            LinearizationSweep.Run(spec, spec.Output, parse.GetValue(budgets)!, linearization, seedList, referenceRows: true, Console.WriteLine, token,
                runMissing: !parse.GetValue(reportOnly), pruning.Count == 0 ? null : new PruningSweepOptions(pruning, sparsityList, parse.GetValue(impRounds)));
            Console.WriteLine(File.ReadAllText(Path.Combine(spec.Output, "results.md")));
            return Task.FromResult(0);
        });
        return command;
    }

    private static List<T> Split<T>(string text, Func<string, T> parse) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();
}
