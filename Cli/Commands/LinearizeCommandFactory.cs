using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;
using PiToolkit.Linearize.Masks;
using PiToolkit.Linearize.Snl;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk linearize</c>: reduce a trained checkpoint to a ReLU budget with SNL or a baseline.</summary>
public static class LinearizeCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Trained checkpoint folder", Required = true };
        var budget = new Option<string>("--budget") { Description = "ReLUs to keep: a count (500), a fraction (0.1) or a percentage (10%)", Required = true };
        budget.Validators.Add(r =>
        {
            try { ReluBudget.Parse(r.GetValueOrDefault<string>() ?? ""); }
            catch (FormatException e) { r.AddError(e.Message); }
        });
        var output = new Option<string>("--out") { Description = "Checkpoint folder to write", Required = true };
        var method = CommonOptions.OneOf("--method", "How kept ReLUs are chosen", "snl", ["snl", "random", "layerwise"]);
        var granularity = CommonOptions.OneOf("--granularity", "One mask per activation or per channel", "pixel", ["pixel", "channel"]);
        var finetuneEpochs = CommonOptions.PositiveInt("--finetune-epochs", "Finetuning epochs with frozen masks (same for every method)", 5);
        var finetuneRate = new Option<double>("--finetune-lr") { Description = "Finetuning SGD learning rate (cosine schedule)", DefaultValueFactory = _ => 1e-2 };
        var maskEpochs = CommonOptions.PositiveInt("--max-mask-epochs", "Upper bound on SNL mask epochs", 30);
        var lambda = new Option<double>("--lambda") { Description = "SNL's initial L1 coefficient λ", DefaultValueFactory = _ => 1e-5 };
        var data = new Option<string?>("--data") { Description = "Dataset folder, as for training" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train on only the first N training images (quick runs)" };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();

        var command = new Command("linearize", "Linearize a trained model to a ReLU budget (SNL, random or layer-wise), finetune, and save it")
        {
            checkpoint, budget, output, method, granularity, finetuneEpochs, finetuneRate, maskEpochs, lambda, data, trainLimit, seed, threads,
        };
        command.SetGuardedAction((parse, token) =>
        {
            var spec = new LinearizationSpec(
                parse.GetValue(checkpoint)!, parse.GetValue(output)!, ReluBudget.Parse(parse.GetValue(budget)!),
                Enum.Parse<LinearizationMethod>(parse.GetValue(method)!, ignoreCase: true),
                Enum.Parse<MaskGranularity>(parse.GetValue(granularity)!, ignoreCase: true),
                new SnlOptions(InitialLambda: parse.GetValue(lambda), MaxEpochs: parse.GetValue(maskEpochs)),
                new FinetuneOptions(Epochs: parse.GetValue(finetuneEpochs), LearningRate: parse.GetValue(finetuneRate)),
                parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(data), parse.GetValue(trainLimit));
            var manifest = LinearizationJob.Run(spec, Console.WriteLine, cancellation: token);
            var record = manifest.Linearization!;
            CensusPrinter.Print(manifest.Census, Console.Out);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"done in {record.Seconds:F1} s: {record.AchievedRelus:N0} ReLUs (budget {record.Budget:N0}); test accuracy {record.Before.Test:P2} → {record.After.Test:P2}; checkpoint written to {spec.Output}"));
            return Task.FromResult(0);
        });
        return command;
    }
}
