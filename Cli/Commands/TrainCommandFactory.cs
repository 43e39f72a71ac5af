using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Models.Data;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk train</c>: supervised training of a zoo model into a checkpoint folder.</summary>
public static class TrainCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = CommonOptions.OneOf("--model", "Architecture from the zoo", "lenet5", ModelZoo.Entries.Select(e => e.Name).ToList());
        var dataset = CommonOptions.OneOf("--dataset", "Dataset", "mnist", DatasetCatalog.Names);
        var data = new Option<string?>("--data") { Description = "Dataset folder (extracted CIFAR binary folder; optional IDX folder for MNIST)" };
        var output = new Option<string>("--out") { Description = "Checkpoint folder to write", Required = true };
        var epochs = CommonOptions.PositiveInt("--epochs", "Passes over the training split", 3);
        var batch = CommonOptions.PositiveInt("--batch-size", "Images per step", 64);
        var optimizer = CommonOptions.OneOf("--optimizer", "Optimiser", "adam", ["adam", "sgd"]);
        var rate = new Option<double>("--lr") { Description = "Initial learning rate (default: 1e-3 for Adam, 0.05 for SGD)" };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum", DefaultValueFactory = _ => 0.9 };
        var decay = new Option<double>("--weight-decay") { Description = "L2 weight decay", DefaultValueFactory = _ => 0 };
        var schedule = CommonOptions.OneOf("--schedule", "Learning-rate schedule", "cosine", ["cosine", "step", "constant"]);
        var width = new Option<double>("--width") { Description = "Channel/unit multiplier", DefaultValueFactory = _ => 1.0 };
        var pooling = CommonOptions.OneOf("--pooling", "Pooling kind (avg is linear, cheaper under secure inference)", "max", ["max", "avg"]);
        var batchNorm = new Option<bool>("--batch-norm") { Description = "Add a batch norm after each convolution (lenet5, minionn-mnist; needed for network slimming)" };
        var validation = new Option<int?>("--validation") { Description = "Training images held out for validation (default: 1/12 of the training set, at most 5,000)" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train on only the first N training images (quick runs)" };
        var crop = new Option<int>("--random-crop") { Description = "Augmentation: pad training images by N pixels and crop a random window (0 = off; 4 for CIFAR)", DefaultValueFactory = _ => 0 };
        crop.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--random-crop must not be negative");
        });
        var flip = new Option<bool>("--flip") { Description = "Augmentation: mirror training images left–right at random" };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();

        var command = new Command("train", "Train a zoo model and save a checkpoint (weights + manifest with accuracy and ReLU census)")
        {
            model, dataset, data, output, epochs, batch, optimizer, rate, momentum, decay, schedule, width, pooling, batchNorm, validation, trainLimit, crop, flip, seed, threads,
        };
        command.SetGuardedAction((parse, token) =>
        {
            var kind = parse.GetValue(optimizer) == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam;
            double lr = parse.GetValue(rate) is > 0 and var given ? given : kind == OptimizerKind.Sgd ? 0.05 : 1e-3;
            var training = new TrainingOptions(
                Epochs: parse.GetValue(epochs), BatchSize: parse.GetValue(batch), Optimizer: kind, LearningRate: lr,
                Momentum: parse.GetValue(momentum), WeightDecay: parse.GetValue(decay),
                Schedule: Enum.Parse<ScheduleKind>(parse.GetValue(schedule)!, ignoreCase: true),
                Seed: parse.GetValue(seed), Threads: parse.GetValue(threads), CropPadding: parse.GetValue(crop), HorizontalFlip: parse.GetValue(flip));
            var spec = new TrainingJobSpec(parse.GetValue(model)!, parse.GetValue(dataset)!, parse.GetValue(output)!, training,
                parse.GetValue(data), parse.GetValue(width), parse.GetValue(pooling) == "avg" ? PoolingKind.Average : PoolingKind.Max,
                parse.GetValue(validation), parse.GetValue(trainLimit), BatchNorm: parse.GetValue(batchNorm));
            return Task.FromResult(Run(spec, Console.Out, token));
        });
        return command;
    }

    /// <summary>Runs a training job, printing census, progress and the result to <paramref name="output"/>.</summary>
    public static int Run(TrainingJobSpec spec, TextWriter output, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(output);
        var progress = new ConsoleTrainingProgress(output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        output.WriteLine($"training {spec.Architecture} on {spec.Dataset} for {spec.Training.Epochs} epoch(s), {spec.Training.Optimizer} lr {spec.Training.LearningRate.ToString(CultureInfo.InvariantCulture)}, seed {spec.Training.Seed}");
        if (File.Exists(Path.Combine(spec.Output, TrainingJob.StateFolder, "state.json")))
            output.WriteLine($"resuming the interrupted run in {Path.Combine(spec.Output, TrainingJob.StateFolder)}");
        var manifest = TrainingJob.Run(spec, progress, progress.Epoch, census => CensusPrinter.Print(census, output), token);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done in {clock.Elapsed.TotalSeconds:F1} s: validation accuracy {manifest.Accuracy.Validation:P2}, test accuracy {manifest.Accuracy.Test:P2}; checkpoint written to {spec.Output}"));
        return 0;
    }
}
