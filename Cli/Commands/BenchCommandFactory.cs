using System.CommandLine;
using System.Globalization;
using PiToolkit.Bench.Pipeline;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Reporting;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Bench.Sweeps.Store;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk bench</c>: <c>pi</c> measures accuracy against ReLUs, secure-inference latency and
/// communication over methods, budgets and seeds into a resumable run folder; <c>report</c> rebuilds
/// that folder's CSV, JSON, Markdown and plots from its recorded points; <c>check-costs</c> checks the
/// cost model on whole <c>pitk pi run</c> reports.
/// </summary>
public static class BenchCommandFactory
{
    /// <summary>Default <c>--methods</c>: every known method.</summary>
    public const string DefaultMethods = "snl,random,layerwise,prune-channel-taylor,prune+snl";
    /// <summary>Default <c>--budgets</c>.</summary>
    public const string DefaultBudgets = "0,30,100,300,1000,all";
    /// <summary>Default <c>--seeds</c>.</summary>
    public const string DefaultSeeds = "1,2,3";

    /// <summary>Builds the command; <c>bench pi</c> computes points with <see cref="BenchPipeline"/>.</summary>
    public static Command Create() => Create(null);

    /// <summary>Builds the command with another point evaluator (tests).</summary>
    /// <param name="evaluators">What computes a point, or null for the toolkit's pipeline (linearize or prune, export, run the protocol).</param>
    public static Command Create(IPointEvaluatorFactory? evaluators)
    {
        var command = new Command("bench", "Benchmark private inference: accuracy vs ReLUs, latency and communication, with plots");
        command.Subcommands.Add(CreatePi(evaluators));
        command.Subcommands.Add(CreateReport());
        command.Subcommands.Add(CheckCostsCommandFactory.Create());
        return command;
    }

    private static Command CreatePi(IPointEvaluatorFactory? evaluators)
    {
        var methods = new Option<string>("--methods") { Description = $"Comma-separated methods ({DefaultMethods})", DefaultValueFactory = _ => DefaultMethods };
        var budgets = new Option<string>("--budgets") { Description = "Comma-separated ReLU budgets; 'all' keeps every ReLU", DefaultValueFactory = _ => DefaultBudgets };
        var seeds = new Option<string>("--seeds") { Description = "Comma-separated seeds (points per configuration)", DefaultValueFactory = _ => DefaultSeeds };
        var images = CommonOptions.PositiveInt("--images", "Test images each point runs under the protocol", 200);
        var workers = CommonOptions.PositiveInt("--workers", "Points computed at once (default: the number of cores)", Environment.ProcessorCount);
        var training = new LinearizationOptions();
        var command = new Command("pi",
            "Linearize or prune the checkpoint at every (method, budget, seed) point with the same weight-training epochs, export it and run it under "
            + "the two-party protocol; --out is the run folder, resumable")
        {
            methods, budgets, seeds, images, workers,
        };
        training.AddTo(command);
        command.SetGuardedAction(async (parse, token) =>
        {
            var methodList = BenchArguments.ParseMethods(parse.GetValue(methods)!);
            var budgetList = BenchArguments.ParseBudgets(parse.GetValue(budgets)!);
            var seedList = BenchArguments.ParseSeeds(parse.GetValue(seeds)!);
            var template = WithThreadsPerWorker(training.Read(parse), parse.GetValue(workers));
            var manifest = Checkpoint.ReadManifest(template.Checkpoint);
            RefuseMaxPooling(template.Checkpoint, manifest);
            var test = DatasetCatalog.Load(manifest.Dataset.Name, template.DataFolder).Test;
            RefuseMoreImagesThanTheTestSet(parse.GetValue(images), manifest.Dataset.Name, test.Count);
            int epochs = (template.Finetune ?? new FinetuneOptions()).Epochs;
            if (methodList.Contains(BenchMethods.Snl) && (template.Snl ?? new SnlOptions()).MaxEpochs >= epochs)
                throw new UserError($"--max-mask-epochs ({template.Snl!.MaxEpochs}) must be below --epochs ({epochs}): SNL's mask epochs count towards the total");
            var settings = new BenchSettings(ModelName(manifest.Model), Path.GetFullPath(template.Checkpoint), methodList, budgetList, seedList,
                parse.GetValue(images), parse.GetValue(workers), epochs, template.TrainLimit);
            var store = new PointStore(template.Output);
            var points = settings.Points();
            int finished = points.Count(store.IsFinished);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{settings.Model}: {points.Count} points ({methodList.Count} methods × {budgetList.Count} budgets × {seedList.Count} seeds), "
                + $"{epochs} weight-training epochs each, {finished} already recorded in {store.Folder}"));

            var pipeline = evaluators ?? new BenchPipeline(template, test);
            var summary = await BenchRunner.RunAsync(store, settings, pipeline, ConsoleBenchProgress.ForConsole(), token).ConfigureAwait(false);
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

    /// <summary>
    /// Without an explicit <c>--threads</c>, each worker's training gets its share of the cores: libtorch's
    /// default (every core) in every worker oversubscribes the machine, and on AVX-512 CPUs several
    /// threads on narrow convolutions (a channel-pruned LeNet-5) were seen to turn the loss into NaN
    /// (docs/platform.md). libtorch's thread count is per process, so every worker sets the same value.
    /// </summary>
    public static LinearizationSpec WithThreadsPerWorker(LinearizationSpec template, int workers) =>
        template.Threads > 0 ? template : template with { Threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, workers)) };

    // The protocol does not run max pooling, so every point would train for its epochs and then fail
    // at export; one line now saves the whole sweep.
    private static void RefuseMaxPooling(string checkpoint, CheckpointManifest manifest)
    {
        long comparisons = manifest.Census.TotalMaxPoolComparisons;
        if (comparisons > 0)
            throw new UserError(string.Create(CultureInfo.InvariantCulture,
                $"{checkpoint}: {manifest.Model.Architecture} uses max pooling ({comparisons:N0} secure comparisons), which the protocol does not run; train the source with --pooling avg"));
    }

    // Each point would train for its epochs before the protocol found too few images, and the report
    // would name a count it never ran.
    private static void RefuseMoreImagesThanTheTestSet(int images, string dataset, int available)
    {
        if (images > available)
            throw new UserError(string.Create(CultureInfo.InvariantCulture, $"--images {images}: {dataset} has {available:N0} test images"));
    }

    // Average pooling changes what a model costs under the protocol (no comparisons), so it is part of
    // the name tables and plots show.
    private static string ModelName(ModelOptions model) => model.Pooling == PoolingKind.Average ? $"{model.Architecture}-avg" : model.Architecture;
}
