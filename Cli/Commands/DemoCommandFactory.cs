using System.CommandLine;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Models.Training;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk demo</c>: the README's main job — train LeNet-5 on MNIST briefly and show its ReLU census.</summary>
public static class DemoCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write the demo checkpoint", DefaultValueFactory = _ => Path.Combine("runs", "demo-lenet5") };
        var epochs = CommonOptions.PositiveInt("--epochs", "Training epochs", 1);
        var threads = CommonOptions.Threads();
        var command = new Command("demo", "Train LeNet-5 on MNIST for one epoch, save the checkpoint and print its ReLU census") { output, epochs, threads };
        command.SetGuardedAction((parse, token) =>
        {
            var spec = new TrainingJobSpec("lenet5", "mnist", parse.GetValue(output)!,
                new TrainingOptions(Epochs: parse.GetValue(epochs), Threads: parse.GetValue(threads)));
            int code = TrainCommandFactory.Run(spec, Console.Out, token);
            Console.WriteLine();
            Console.WriteLine($"Next: `pitk info {spec.Output}` describes the checkpoint; `pitk models` lists the zoo.");
            return Task.FromResult(code);
        });
        return command;
    }
}
