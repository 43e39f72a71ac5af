using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Export;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk demo</c>: the README's main job, a short tour of the pipeline — train LeNet-5 on MNIST,
/// linearize it to a ReLU budget with SNL, and export the reduced model.
/// </summary>
public static class DemoCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for the demo's checkpoints and exports", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var epochs = CommonOptions.PositiveInt("--epochs", "Training epochs", 1);
        var budget = BudgetOption.Single("--budget", "ReLUs to keep when linearizing", "500");
        var threads = CommonOptions.Threads();
        var command = new Command("demo", "Train LeNet-5 on MNIST, linearize it to a ReLU budget with SNL, and export it (ONNX + .pim)") { output, epochs, budget, threads };
        command.SetGuardedAction((parse, token) =>
        {
            string folder = parse.GetValue(output)!;
            string trained = Path.Combine(folder, "lenet5");

            Step("1/3 train LeNet-5 on MNIST");
            // Average pooling: max pooling would add 3,360 secure comparisons that no ReLU budget removes.
            var spec = new TrainingJobSpec("lenet5", "mnist", trained, new TrainingOptions(Epochs: parse.GetValue(epochs), Threads: parse.GetValue(threads)),
                Pooling: PoolingKind.Average);
            TrainCommandFactory.Run(spec, Console.Out, token);

            // Fractions and percentages become a count of the trained model's ReLUs, which names the output.
            long relus = parse.GetValue(budget)!.Resolve(Checkpoint.ReadManifest(trained).Census.TotalCapacity);
            string reduced = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"lenet5-b{relus}"));
            Step(string.Create(CultureInfo.InvariantCulture, $"2/3 linearize to {relus:N0} ReLUs with SNL"));
            // A short schedule (the pacing variant) so the demo stays within a couple of minutes; `pitk linearize` defaults are longer.
            var linearization = new LinearizationSpec(trained, reduced, new ReluBudget(relus, null),
                Snl: new SnlOptions(MaxEpochs: 6, PaceEpochs: 4), Finetune: new FinetuneOptions(Epochs: 8), Threads: parse.GetValue(threads));
            var manifest = LinearizationJob.Run(linearization, Console.WriteLine, cancellation: token);
            CensusPrinter.Print(manifest.Census, Console.Out);
            var record = manifest.Linearization!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{record.AchievedRelus:N0} of {manifest.Census.TotalCapacity:N0} ReLUs kept; test accuracy {record.Before.Test:P2} → {record.After.Test:P2} ({record.Seconds:F0} s)"));

            Step("3/3 export");
            var graph = ModelExporter.Export(reduced, reduced + ".onnx", reduced + ".pim");
            Console.WriteLine($"wrote {reduced}.onnx and {reduced}.pim: {graph.Nodes.Count} nodes, {graph.Relus:N0} ReLUs");
            Console.WriteLine();
            Console.WriteLine($"Next: `pitk info {reduced}.pim`, `pitk sweep --checkpoint {trained} --out {Path.Combine(folder, "sweep")}`.");
            return Task.FromResult(0);
        });
        return command;
    }

    private static void Step(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}");
    }
}
