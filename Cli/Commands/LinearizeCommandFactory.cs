using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk linearize</c>: reduce a trained checkpoint to a ReLU budget with SNL or a baseline.</summary>
public static class LinearizeCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var budget = BudgetOption.Single("--budget", "ReLUs to keep");
        var method = CommonOptions.OneOf("--method",
            "How kept ReLUs are chosen: snl, random, or criticality (criticality-ordered whole layers; 'layerwise' is accepted for it)", "snl", LinearizationMethodNames.Accepted);
        var shared = new LinearizationOptions();
        var command = new Command("linearize", "Linearize a trained model to a ReLU budget (SNL, random or criticality-ordered layers), finetune, and save it") { budget, method };
        shared.AddTo(command);
        command.SetGuardedAction((parse, token) =>
        {
            var spec = shared.Read(parse) with
            {
                Budget = parse.GetValue(budget)!,
                Method = LinearizationMethodNames.Parse(parse.GetValue(method)!),
            };
            var manifest = LinearizationJob.Run(spec, Console.WriteLine, cancellation: token);
            var record = manifest.Linearization!;
            CensusPrinter.Print(manifest.Census, Console.Out);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"done in {record.Seconds:F1} s: {record.AchievedRelus:N0} ReLUs (budget {record.Budget:N0}), {record.NonlinearOperations:N0} nonlinear operations; {record.MaskEpochs} mask + {record.FinetuneEpochs} finetuning epochs; test accuracy {record.Before.Test:P2} → {record.After.Test:P2}; checkpoint written to {spec.Output}"));
            return Task.FromResult(0);
        });
        return command;
    }
}
