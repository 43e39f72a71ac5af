using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.Linearize.Pruning;
using PiToolkit.Models.Checkpoints;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk prune</c>: prune a checkpoint's weights or channels to a sparsity or a parameter, MAC or ReLU budget, retrain, and save it.</summary>
public static class PruneCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint folder to prune (trained, linearized or pruned)", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write", Required = true };
        var structure = CommonOptions.OneOf("--structure", "Prune single weights (kept as zeros) or whole channels (removed from the model)", "channel", ["unstructured", "channel"]);
        var criterion = CommonOptions.OneOf("--criterion", "How units are scored", "magnitude", ["random", "magnitude", "taylor", "snip", "bn-scale"]);
        var norm = CommonOptions.OneOf("--norm", "Norm of a channel's weights for --criterion magnitude", "1", ["1", "2"]);
        var schedule = CommonOptions.OneOf("--schedule", "When to prune: once, in rounds, along Zhu & Gupta's cubic curve, or IMP", "oneshot", ["oneshot", "iterative", "gradual", "imp"]);
        var scope = CommonOptions.OneOf("--scope", "Rank units over the whole network or within each layer", "global", ["global", "layer"]);
        var sparsity = new Option<string?>("--sparsity") { Description = "Fraction of weights or channels to remove, e.g. 50% or 0.5" };
        var parameters = new Option<long?>("--params") { Description = "Budget: parameters to keep at most" };
        var macs = new Option<long?>("--macs") { Description = "Budget: MACs per sample to keep at most" };
        var relus = new Option<long?>("--relus") { Description = "Budget: ReLUs to keep at most (channel pruning only)" };
        var finetune = new Option<int>("--finetune-epochs") { Description = "Retraining epochs after pruning (shared by iterative rounds; gradual prunes during them)", DefaultValueFactory = _ => 3 };
        var rounds = CommonOptions.PositiveInt("--rounds", "Pruning rounds for --schedule iterative and imp", 3);
        var rewind = new Option<int?>("--rewind-epoch") { Description = "IMP: rewind weights (or, with --lr-rewind, the learning rate) to this epoch; 0 = initialization" };
        var lrRewind = new Option<bool>("--lr-rewind") { Description = "IMP: keep trained weights, rewind only the learning-rate schedule (Renda et al. 2020)" };
        var scoreBatches = CommonOptions.PositiveInt("--score-batches", "Training batches Taylor and SNIP scores are summed over", 4);
        var slimmingLambda = new Option<double>("--slimming-lambda") { Description = "bn-scale: L1 coefficient on batch-norm scales during sparsity training", DefaultValueFactory = _ => 1e-4 };
        var slimmingEpochs = new Option<int>("--slimming-epochs") { Description = "bn-scale: epochs of sparsity training before pruning", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "Dataset folder, as for training" };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Train on only the first N training images (quick runs)" };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var command = new Command("prune", "Prune a model's weights or channels to a sparsity or budget, retrain, and save it (channel pruning shrinks the model)")
        {
            checkpoint, output, structure, criterion, norm, schedule, scope, sparsity, parameters, macs, relus, finetune, rounds, rewind, lrRewind,
            scoreBatches, slimmingLambda, slimmingEpochs, data, trainLimit, seed, threads,
        };
        command.SetGuardedAction((parse, token) =>
        {
            var target = Target(parse.GetValue(sparsity), parse.GetValue(parameters), parse.GetValue(macs), parse.GetValue(relus));
            var spec = new PruningSpec(parse.GetValue(checkpoint)!, parse.GetValue(output)!, target,
                Enum.Parse<PruningStructure>(parse.GetValue(structure)!, ignoreCase: true),
                Enum.Parse<PruningCriterion>(parse.GetValue(criterion)!.Replace("-", "", StringComparison.Ordinal), ignoreCase: true),
                int.Parse(parse.GetValue(norm)!, CultureInfo.InvariantCulture),
                Enum.Parse<PruningSchedule>(parse.GetValue(schedule)!, ignoreCase: true),
                Enum.Parse<PruningScope>(parse.GetValue(scope)!, ignoreCase: true),
                parse.GetValue(finetune), parse.GetValue(rounds), parse.GetValue(rewind), parse.GetValue(lrRewind), parse.GetValue(scoreBatches),
                parse.GetValue(slimmingLambda), parse.GetValue(slimmingEpochs), parse.GetValue(seed), parse.GetValue(threads),
                parse.GetValue(data), parse.GetValue(trainLimit));
            var manifest = PruningJob.Run(spec, Console.WriteLine, cancellation: token);
            var record = manifest.Pruning!;
            Print(record, Console.Out);
            CensusPrinter.Print(manifest.Census, Console.Out);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"done in {record.Seconds:F1} s: test accuracy {record.Before.Test:P2} → {record.After.Test:P2}; checkpoint written to {spec.Output}"));
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Reads exactly one of the target options.</summary>
    /// <exception cref="UserError">None or several given, or a sparsity that is not a fraction or percentage.</exception>
    public static PruningTarget Target(string? sparsity, long? parameters, long? macs, long? relus)
    {
        int given = (sparsity is null ? 0 : 1) + (parameters is null ? 0 : 1) + (macs is null ? 0 : 1) + (relus is null ? 0 : 1);
        if (given != 1) throw new UserError("give exactly one target: --sparsity, --params, --macs or --relus");
        PruningTarget target;
        if (sparsity is not null)
        {
            bool percent = sparsity.EndsWith('%');
            if (!double.TryParse(percent ? sparsity[..^1] : sparsity, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new UserError($"--sparsity '{sparsity}' is not a fraction (0.5) or a percentage (50%)");
            target = new PruningTarget(PruningTargetKind.Sparsity, percent ? value / 100 : value);
        }
        else if (parameters is not null) target = new PruningTarget(PruningTargetKind.Parameters, parameters.Value);
        else if (macs is not null) target = new PruningTarget(PruningTargetKind.Macs, macs.Value);
        else target = new PruningTarget(PruningTargetKind.Relus, relus!.Value);
        try
        {
            target.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UserError(e.Message.Split(" (Parameter", 2)[0]);
        }
        return target;
    }

    /// <summary>Writes a pruning record: method, target, costs and accuracy before and after, and per-layer sparsity.</summary>
    public static void Print(PruningRecord record, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(output);
        string target = record.TargetKind == "sparsity"
            ? record.TargetValue.ToString("P1", CultureInfo.InvariantCulture) + " sparsity"
            : record.TargetValue.ToString("N0", CultureInfo.InvariantCulture) + " " + record.TargetKind;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pruned:       {record.Structure} {record.Criterion}, {record.Scope} scope, {record.Schedule} schedule; target {target}, achieved {record.AchievedSparsity:P1} sparsity, {record.TrainingEpochs} training epochs"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cost:         parameters {record.CostBefore.Parameters:N0} → {record.CostAfter.Parameters:N0}, MACs {record.CostBefore.Macs:N0} → {record.CostAfter.Macs:N0}, ReLUs {record.CostBefore.Relus:N0} → {record.CostAfter.Relus:N0}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy:     validation {Percent(record.Before.Validation)} → {Percent(record.After.Validation)}, test {Percent(record.Before.Test)} → {Percent(record.After.Test)}"));
        output.WriteLine("settings:     " + string.Join(", ", record.Hyperparameters.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G4}"))));
        var table = new TextTable("layer", record.Structure == "channel" ? "channels" : "weights", "kept", "sparsity");
        foreach (var l in record.Layers) table.Add(l.Layer, l.Units, l.Kept, l.Sparsity.ToString("P1", CultureInfo.InvariantCulture));
        output.Write(table.ToString());
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P2", CultureInfo.InvariantCulture) : "not measured";
}
