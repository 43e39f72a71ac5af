using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Export;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Inputs;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk demo</c>: the README's main job, a short tour of the pipeline — train LeNet-5 on MNIST,
/// linearize it to a ReLU budget with SNL, export the reduced model, and classify a few MNIST test
/// images with it through `pitk serve` and `pitk infer` on loopback.
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
        var images = CommonOptions.PositiveInt("--images", "MNIST test images to classify privately at the end", 3);
        var command = new Command("demo", "Train LeNet-5 on MNIST, linearize it to a ReLU budget with SNL, export it (ONNX + .pim), then serve it on loopback and classify a few test images privately")
        {
            output, epochs, budget, threads, images,
        };
        command.SetGuardedAction(async (parse, token) =>
        {
            string folder = parse.GetValue(output)!;
            string trained = Path.Combine(folder, "lenet5");

            Step("1/4 train LeNet-5 on MNIST");
            // Average pooling: max pooling would add 3,360 secure comparisons that no ReLU budget removes.
            var spec = new TrainingJobSpec("lenet5", "mnist", trained, new TrainingOptions(Epochs: parse.GetValue(epochs), Threads: parse.GetValue(threads)),
                Pooling: PoolingKind.Average);
            TrainCommandFactory.Run(spec, Console.Out, token);

            // Fractions and percentages become a count of the trained model's ReLUs, which names the output.
            long relus = parse.GetValue(budget)!.Resolve(Checkpoint.ReadManifest(trained).Census.TotalCapacity);
            string reduced = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"lenet5-b{relus}"));
            Step(string.Create(CultureInfo.InvariantCulture, $"2/4 linearize to {relus:N0} ReLUs with SNL"));
            // A short schedule (the pacing variant) so the demo stays within a couple of minutes; `pitk linearize` defaults are longer.
            var linearization = new LinearizationSpec(trained, reduced, new ReluBudget(relus, null),
                Snl: new SnlOptions(MaxEpochs: 6, PaceEpochs: 4), Finetune: new FinetuneOptions(Epochs: 8), Threads: parse.GetValue(threads));
            var manifest = LinearizationJob.Run(linearization, Console.WriteLine, cancellation: token);
            CensusPrinter.Print(manifest.Census, Console.Out);
            var record = manifest.Linearization!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{record.AchievedRelus:N0} of {manifest.Census.TotalCapacity:N0} ReLUs kept; test accuracy {record.Before.Test:P2} → {record.After.Test:P2} ({record.Seconds:F0} s)"));

            Step("3/4 export");
            var graph = ModelExporter.Export(reduced, reduced + ".onnx", reduced + ".pim");
            Console.WriteLine($"wrote {reduced}.onnx and {reduced}.pim: {graph.Nodes.Count} nodes, {graph.Relus:N0} ReLUs");

            Step("4/4 private inference: `pitk serve` on loopback, `pitk infer` on MNIST test images");
            await ServeAndClassifyAsync(reduced + ".pim", parse.GetValue(images), Console.Out, token).ConfigureAwait(false);
            Console.WriteLine();
            Console.WriteLine($"Next: `pitk serve --model {reduced}.pim` and, in another shell, `pitk infer --mnist 7`; `pitk info {reduced}.pim`, `pitk sweep --checkpoint {trained} --out {Path.Combine(folder, "sweep")}`.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The demo's last step: serves <paramref name="model"/> on a free loopback port over plain TCP
    /// through the same code as <c>pitk serve</c> and classifies the first <paramref name="images"/>
    /// MNIST test images through the same code as <c>pitk infer</c>, printing labels and latencies.
    /// </summary>
    /// <exception cref="IOException">The session failed (the message is one line).</exception>
    public static async Task ServeAndClassifyAsync(string model, int images, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var options = new SessionServerOptions { Port = 0, Limits = new SessionLimits { MaxConcurrentSessions = 1 } };
        using var service = ServeCommandFactory.Load(model, preparedBatches: 1, sessions: 1);
        await using var server = new SessionServer(options, service.Handler);
        server.Start();
        ServeCommandFactory.Describe(service, options with { Port = server.LocalEndPoint.Port }, output);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = server.RunAsync(stop.Token);
        try
        {
            var inputs = Enumerable.Range(0, images)
                .Select(i => new ClientInput(string.Create(CultureInfo.InvariantCulture, $"MNIST test #{i}"), IdxFile.ReadLabel(MnistTestSet.LabelsPath, i),
                    spec => MnistTestSet.Load(i, spec).Input))
                .ToList();
            await InferCommandFactory.RunAsync("127.0.0.1", server.LocalEndPoint.Port, new SessionClientOptions(), inputs, 0, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await run.ConfigureAwait(false);
        }
    }

    private static void Step(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}");
    }
}
