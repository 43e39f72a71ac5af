using System.CommandLine;
using System.Globalization;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Bench.Sweeps.Reporting;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Bench.Sweeps.Store;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk bench</c>: <c>pi</c> measures accuracy against ReLUs, secure-inference latency and
/// communication over methods, budgets and seeds into a resumable run folder; <c>report</c> rebuilds
/// that folder's CSV, JSON, Markdown and plots from its recorded points.
/// </summary>
public static class BenchCommandFactory
{
    /// <summary>Default <c>--methods</c>: every known method.</summary>
    public const string DefaultMethods = "snl,random,layerwise,prune-channel-taylor,prune+snl";
    /// <summary>Default <c>--budgets</c>.</summary>
    public const string DefaultBudgets = "0,30,100,300,1000,all";
    /// <summary>Default <c>--seeds</c>.</summary>
    public const string DefaultSeeds = "1,2,3";

    /// <summary>Builds the command.</summary>
    /// <param name="evaluators">
    /// What computes a point (train or reuse, export, run the protocol), or null while that is not
    /// available: <c>bench pi</c> then validates and shows its plan, and refuses to run rather than
    /// record anything that was not measured.
    /// </param>
    public static Command Create(IPointEvaluatorFactory? evaluators = null)
    {
        var command = new Command("bench", "Benchmark private inference: accuracy vs ReLUs, latency and communication, with plots");
        command.Subcommands.Add(CreatePi(evaluators));
        command.Subcommands.Add(CreateReport());
        return command;
    }

    private static Command CreatePi(IPointEvaluatorFactory? evaluators)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Trained checkpoint folder every point starts from", Required = true };
        var methods = new Option<string>("--methods") { Description = $"Comma-separated methods ({DefaultMethods})", DefaultValueFactory = _ => DefaultMethods };
        var budgets = new Option<string>("--budgets") { Description = "Comma-separated ReLU budgets; 'all' keeps every ReLU", DefaultValueFactory = _ => DefaultBudgets };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds (points per configuration)", DefaultValueFactory = _ => DefaultSeeds };
        var images = CommonOptions.PositiveInt("--images", "Test images each point runs under the protocol", 200);
        var output = new Option<string>("--out") { Description = "Run folder: finished points are kept there and skipped on a rerun", Required = true };
        var workers = CommonOptions.PositiveInt("--workers", "Points computed at once (default: the number of cores)", Environment.ProcessorCount);
        var command = new Command("pi", "Train or reuse, export and run every (method, budget, seed) point under the two-party protocol; resumable")
        {
            checkpoint, methods, budgets, seeds, images, output, workers,
        };
        command.SetGuardedAction(async (parse, token) =>
        {
            var methodList = BenchArguments.ParseMethods(parse.GetValue(methods)!);
            var budgetList = BenchArguments.ParseBudgets(parse.GetValue(budgets)!);
            var seedList = BenchArguments.ParseSeeds(parse.GetValue(seeds)!);
            string checkpointPath = parse.GetValue(checkpoint)!;
            var manifest = Checkpoint.ReadManifest(checkpointPath);
            var settings = new BenchSettings(ModelName(manifest.Model), Path.GetFullPath(checkpointPath), methodList, budgetList, seedList,
                parse.GetValue(images), parse.GetValue(workers));
            var store = new PointStore(parse.GetValue(output)!);
            var points = settings.Points();
            int finished = points.Count(store.IsFinished);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{settings.Model}: {points.Count} points ({methodList.Count} methods × {budgetList.Count} budgets × {seedList.Count} seeds), {finished} already recorded in {store.Folder}"));
            if (evaluators is null)
                throw new UserError("bench pi cannot compute points in this build: training, linearization and pruning, export and the two-party protocol " +
                    $"are not plugged in yet; `pitk bench report --out {parse.GetValue(output)}` renders the points a run folder holds");

            var summary = await BenchRunner.RunAsync(store, settings, evaluators, ConsoleBenchProgress.ForConsole(), token).ConfigureAwait(false);
            Console.WriteLine($"{summary.Measured} measured, {summary.Failed} failed, {summary.Skipped} already recorded");
            WriteReport(store, []);
            return 0;
        });
        return command;
    }

    private static Command CreateReport()
    {
        var output = new Option<string>("--out") { Description = "Run folder of pitk bench pi", Required = true };
        var predict = new Option<string?>("--predict")
        {
            Description = $"CSV of configurations to price with the cost model without running them ({UnmeasuredConfigurationsCsv.Header})",
        };
        var command = new Command("report", "Write results.csv, results.json, results.md and plots/ from a run folder's recorded points") { output, predict };
        command.SetGuardedAction(parse =>
        {
            var store = new PointStore(parse.GetValue(output)!);
            if (!Directory.Exists(store.Folder)) throw new UserError($"{store.Folder}: no such run folder");
            var unmeasured = parse.GetValue(predict) is { } path ? UnmeasuredConfigurationsCsv.Parse(File.ReadAllText(path)) : [];
            WriteReport(store, unmeasured);
            return 0;
        });
        return command;
    }

    private static void WriteReport(PointStore store, IReadOnlyList<UnmeasuredConfiguration> unmeasured)
    {
        var report = BenchReporter.Write(store, unmeasured);
        Console.WriteLine(File.ReadAllText(Path.Combine(store.Folder, BenchReporter.MarkdownFile)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Points.Count} points → {BenchReporter.CsvFile}, {BenchReporter.JsonFile}, {BenchReporter.MarkdownFile} and {BenchReporter.PlotsFolder}/ in {store.Folder}"));
    }

    // Average pooling changes what a model costs under the protocol (no comparisons), so it is part of
    // the name tables and plots show.
    private static string ModelName(ModelOptions model) => model.Pooling == PoolingKind.Average ? $"{model.Architecture}-avg" : model.Architecture;
}
