using System.CommandLine;
using System.Globalization;
using PiToolkit.Bench.Pipeline;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.ModelFormat;
using PiToolkit.SecureInference.Homomorphic.LinearLayers.Coefficient;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk pi plan</c>: the operation counts of one private inference of a <c>.pim</c> model (ReLUs,
/// AND gates, OTs, HE multiply_plain and rotations, layers), per step and in total, from the protocol's
/// plan alone: no run, no SEAL, no dataset. With <c>--predict-row NAME</c> it prints the counts as one
/// row of <c>pitk bench check-costs --predict</c>'s CSV, so a model too large to run can be priced.
/// </summary>
public static class PiPlanCommandFactory
{
    /// <summary>Builds the <c>plan</c> subcommand.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model file (.pim) written by `pitk export`.", Required = true };
        // auto is left out: its slots-or-coefficient fallback checks a noise bound that needs a SEAL context.
        var encoding = new Option<string>("--he-encoding")
        {
            Description = "HE packing to count: coefficient (Cheetah, no rotations) or slots (Gazelle rotations); auto needs SEAL and is not offered.",
            DefaultValueFactory = _ => "coefficient",
        };
        encoding.AcceptOnlyFromAmong("coefficient", "slots");
        var fractionalBits = new Option<int>("--fractional-bits")
        {
            Description = "Fixed-point fractional bits f (they set the ReLU circuit's truncation, hence its AND gates).",
            DefaultValueFactory = _ => CompileOptions.DefaultFractionalBits,
        };
        var row = new Option<string?>("--predict-row")
        {
            Description = "Print only one CSV row NAME,relus,and_gates,he_multiply_plain,he_rotations,layers for `pitk bench check-costs --predict`.",
        };
        var command = new Command("plan", "Count one inference's operations from the protocol's plan, without running it.")
        {
            model, encoding, fractionalBits, row,
        };
        command.SetGuardedAction(parse =>
        {
            string path = parse.GetValue(model)!;
            if (!File.Exists(path)) throw new UserError($"no such model file: {path}");
            var graph = PimFile.Read(path);
            InferencePlan plan;
            try
            {
                plan = PlanCompiler.Plan(graph, new CompileOptions { FractionalBits = parse.GetValue(fractionalBits), InputBound = PlanCompiler.InputBound(graph) });
            }
            catch (ModelCompilationException e)
            {
                throw new UserError(e.Message);
            }
            var options = new ProtocolOptions { Encoding = Enum.Parse<HomomorphicEncoding>(parse.GetValue(encoding)!, ignoreCase: true) };
            var steps = PlanOperations.Count(plan, options);
            var features = PlanFeatures.Of(steps);
            Console.Write(parse.GetValue(row) is { } name
                ? UnmeasuredConfigurationsCsv.FormatRow(name, features) + Environment.NewLine
                : Format(steps, features));
            return 0;
        });
        return command;
    }

    private static string Format(IReadOnlyList<StepOperations> steps, CostFeatures total)
    {
        var table = new TextTable("step", "layer", "kind", "encoding", "ReLUs", "AND gates", "OTs", "mul_plain", "rotations");
        foreach (var s in steps)
            table.Add(s.Step, s.Name, s.Kind, s.Encoding, N(s.Relus), N(s.AndGates), N(s.ObliviousTransfers), N(s.MultiplyPlain), N(s.Rotations));
        long ots = steps.Sum(s => s.ObliviousTransfers);
        return table + string.Create(CultureInfo.InvariantCulture,
            $"per inference: {N(total.Relus)} ReLUs, {N(total.AndGates)} AND gates, {N(ots)} OTs, {N(total.HeMultiplyPlain)} HE multiply_plain, "
            + $"{N(total.HeRotations)} HE rotations, {total.Layers} layers") + Environment.NewLine;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
