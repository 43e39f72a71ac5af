using System.CommandLine;
using System.Globalization;
using PiToolkit.Bench.Pipeline;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.ModelFormat;
using PiToolkit.Models.Data;
using PiToolkit.SecureInference.Homomorphic.LinearLayers;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk pi run</c>: private inference of a <c>.pim</c> model on dataset images, client and server in
/// this process over loopback TCP (or an in-memory channel); prints predicted vs true vs float labels,
/// agreement with the cleartext reference, and the cost table (see docs/secure-inference-protocol.md).
/// </summary>
public static class PiCommandFactory
{
    /// <summary>The <c>pi</c> command with its <c>run</c> and <c>plan</c> subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("pi", "Private inference: run an exported model as a two-party protocol (Delphi-style HE + garbled ReLUs).");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(PiPlanCommandFactory.Create());
        return command;
    }

    private static Command CreateRun()
    {
        var model = new Option<string>("--model") { Description = "Model file (.pim) written by `pitk export`.", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "Dataset whose test images to classify.", DefaultValueFactory = _ => "mnist" };
        dataset.AcceptOnlyFromAmong([.. DatasetCatalog.Names]);
        var images = new Option<int>("--images") { Description = "How many test images (the first ones).", DefaultValueFactory = _ => 100 };
        images.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--images must be 1 or more.");
        });
        var transport = new Option<string>("--transport") { Description = "Channel between the parties: tcp (loopback) or memory.", DefaultValueFactory = _ => "tcp" };
        transport.AcceptOnlyFromAmong("tcp", "memory");
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var fractionalBits = new Option<int>("--fractional-bits")
        {
            Description = "Fixed-point fractional bits f of activations and weights.",
            DefaultValueFactory = _ => CompileOptions.DefaultFractionalBits,
        };
        var data = new Option<string?>("--data") { Description = "Folder with the dataset files (default: the bundled assets)." };
        var encoding = new Option<string>("--he-encoding")
        {
            Description = "HE packing of the linear layers: auto (per layer, the cheaper by the built-in cost model), coefficient (Cheetah, no rotations) or slots (Gazelle rotations).",
            DefaultValueFactory = _ => "auto",
        };
        encoding.AcceptOnlyFromAmong("auto", "coefficient", "slots");
        var workers = new Option<int>("--he-workers")
        {
            Description = "SEAL runtimes (one core each) per party for coefficient-encoded layers.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        workers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--he-workers must be 1 or more.");
        });

        var calibrate = new Option<int>("--calibrate")
        {
            Description = "Check the field's headroom on the values this many training images reach (×16 margin) instead of the worst case over "
                + "all inputs, which deep networks (e.g. ResNet-20) exceed; 0 = worst case.",
            DefaultValueFactory = _ => 0,
        };
        calibrate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--calibrate must be 0 or more.");
        });

        var run = new Command("run", "Classify test images privately and compare with the float model and the cleartext reference.")
        {
            model, dataset, images, transport, json, fractionalBits, data, encoding, workers, calibrate,
        };
        run.SetGuardedAction(async (parse, token) =>
        {
            string path = parse.GetValue(model)!;
            if (!File.Exists(path)) throw new UserError($"no such model file: {path}");
            var graph = PimFile.Read(path);
            string name = parse.GetValue(dataset)!;
            var (train, test) = DatasetCatalog.Load(name, parse.GetValue(data));
            int calibration = parse.GetValue(calibrate);
            CompiledModel compiled;
            try
            {
                compiled = PlanCompiler.Compile(graph, ProtocolInputs.CompileOptions(graph, parse.GetValue(fractionalBits),
                    calibration > 0 ? train.Take(calibration) : null));
            }
            catch (ModelCompilationException e)
            {
                throw new UserError(e.Message + (calibration == 0 ? " (--calibrate 100 checks the values real inputs reach instead)" : ""));
            }
            if (test.ImageSize != compiled.Plan.InputLength)
                throw new UserError($"the model takes {compiled.Plan.InputLength} input values; {name} images have {test.ImageSize}");
            test = test.Take(parse.GetValue(images));
            var options = new ProtocolOptions
            {
                Encoding = Enum.Parse<HomomorphicEncoding>(parse.GetValue(encoding)!, ignoreCase: true),
                Workers = parse.GetValue(workers),
            };
            SecureInferenceReport report;
            try
            {
                report = await Run(graph, compiled, test, parse.GetValue(transport)!, options, token).ConfigureAwait(false);
            }
            catch (NoiseBudgetException e)
            {
                // Public from the plan: slot encoding cannot hide this layer's noise; coefficient encoding may.
                throw new UserError(e.Message + (options.Encoding == HomomorphicEncoding.Slots ? " Try --he-encoding coefficient or auto." : ""));
            }
            Console.Write(report.FormatTable());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accuracy {100 * report.Accuracy:F1}% (float model {100 * report.FloatAccuracy:F1}%, same label as float {100 * report.FloatAgreement:F1}%); "
                + $"reference agreement {100 * report.ReferenceAgreement:F1}% ({100 * report.ReferenceExact:F1}% bit for bit); headroom margin {compiled.Headroom.MarginBits:F1} bits ({compiled.Headroom.Basis})"));
            string? jsonPath = parse.GetValue(json);
            if (jsonPath is not null)
            {
                await File.WriteAllTextAsync(jsonPath, report.ToJson(), token).ConfigureAwait(false);
                Console.WriteLine($"report → {jsonPath}");
            }
            return 0;
        });
        return run;
    }

    private static Task<SecureInferenceReport> Run(ModelGraph graph, CompiledModel compiled, ImageSet test, string transport, ProtocolOptions options,
        CancellationToken token)
    {
        var inputs = ProtocolInputs.Labelled(graph, test);
        return LocalInferenceRunner.RunAsync(graph, compiled, inputs, transport == "tcp" ? LoopbackTransport.Tcp : LoopbackTransport.Memory,
            options, PrintOutcome, token);
    }

    private static void PrintOutcome(int index, InferenceOutcome o)
    {
        if (index == 0)
            Console.WriteLine($"{"image",5} {"label",5} {"secure",6} {"float",5}  reference");
        Console.WriteLine($"{index,5} {o.Label,5} {o.Prediction,6} {o.FloatPrediction,5}  {(o.EqualsReference ? "exact" : o.MatchesReference ? "within bound" : "MISMATCH")}");
    }
}
