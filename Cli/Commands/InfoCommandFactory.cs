using System.CommandLine;
using System.Globalization;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.ModelFormat;
using PiToolkit.Models.Census;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Data;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Cli.Commands;

/// <summary><c>pitk info</c>: describe a checkpoint (or a bare zoo architecture): accuracy, parameters, MACs, ReLUs per site.</summary>
public static class InfoCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var target = new Argument<string>("checkpoint") { Description = "Checkpoint folder (or its manifest.json), an exported .pim model, or a zoo architecture name for its census" };
        var command = new Command("info", "Show a checkpoint's architecture, accuracy, parameters, MACs and ReLUs per site") { target };
        command.SetGuardedAction(parse =>
        {
            Describe(parse.GetValue(target)!, Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>Writes the description of <paramref name="target"/> to <paramref name="output"/>.</summary>
    /// <exception cref="UserError">Neither a checkpoint nor an architecture.</exception>
    public static void Describe(string target, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (File.Exists(target) && target.EndsWith(".pim", StringComparison.OrdinalIgnoreCase))
        {
            DescribeModelFile(PimFile.Read(target), target, output);
            return;
        }
        if (File.Exists(target) || Directory.Exists(target))
        {
            var manifest = Checkpoint.ReadManifest(target);
            var m = manifest.Model;
            output.WriteLine($"checkpoint:   {target}");
            output.WriteLine($"architecture: {m.Architecture} (width {m.Width.ToString(CultureInfo.InvariantCulture)}, {m.Pooling} pooling{(m.BatchNorm ? ", batch norm" : "")}, {m.Classes} classes, input {CensusPrinter.Shape(m.InputShape)})");
            output.WriteLine($"dataset:      {manifest.Dataset.Name} ({manifest.Dataset.TrainCount:N0} train, {manifest.Dataset.ValidationCount:N0} validation, split seed {manifest.Dataset.SplitSeed})");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy:     validation {Percent(manifest.Accuracy.Validation)}, test {Percent(manifest.Accuracy.Test)}"));
            if (manifest.Linearization is { } l)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"linearized:   {l.Method}, {l.Granularity} masks, budget {l.Budget:N0} → {l.AchievedRelus:N0} ReLUs ({manifest.Census.TotalNonlinear:N0} nonlinear operations); test accuracy {Percent(l.Before.Test)} → {Percent(l.After.Test)} ({l.Seconds:F0} s)"));
            if (manifest.Linearization is { } r)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epochs:       {r.MaskEpochs} mask + {r.FinetuneEpochs} finetuning{(r.MaskCapHit ? " (mask phase stopped at its cap above the budget)" : "")}"));
                if (r.MaskHistory.Count > 0)
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"λ:            {r.MaskHistory[0].Lambda:G3} → {r.MaskHistory[^1].Lambda:G3} over {r.MaskHistory.Count} epochs ({r.MaskHistory.Count(e => e.LambdaChange == "growth")} ×growth, {r.MaskHistory.Count(e => e.LambdaChange == "pace")} ×pace); {r.KeptBelowThreshold:N0} kept ReLUs had masks at or below the alive threshold at the cut"));
                output.WriteLine("settings:     " + string.Join(", ", r.Hyperparameters.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:G4}"))));
            }
            if (manifest.Pruning is { } pruning) PruneCommandFactory.Print(pruning, output);
            if (manifest.Training is { } t)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training:     {t.Epochs} epochs, {t.Optimizer} lr {t.LearningRate}, batch {t.BatchSize}, {t.Schedule} schedule, seed {t.Seed}"));
            output.WriteLine($"written by:   PiToolkit {manifest.ToolkitVersion} at {manifest.CreatedUtc:u}");
            CensusPrinter.Print(manifest.Census, output);
            return;
        }
        if (ModelZoo.Entries.FirstOrDefault(e => e.Name == target) is { } entry)
        {
            var (c, h, w, classes) = DatasetCatalog.Geometry(entry.DefaultDataset);
            using var model = entry.Build(new ModelOptions(entry.Name, classes, c, h, w));
            output.WriteLine($"architecture: {entry.Name} — {entry.Description} (untrained, {entry.DefaultDataset} input)");
            CensusPrinter.Print(ReluCensus.Take(model), output);
            return;
        }
        throw new UserError($"'{target}' is neither a checkpoint folder nor a zoo architecture (see `pitk models`)");
    }

    private static void DescribeModelFile(ModelGraph graph, string path, TextWriter output)
    {
        output.WriteLine($"model file:   {path} (PiToolkit model format {PimFile.FormatVersion})");
        output.WriteLine($"architecture: {graph.Architecture}, input {CensusPrinter.Shape(graph.InputShape)}, {graph.Classes} classes");
        var table = new TextTable("#", "op", "inputs", "output", "ReLUs");
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var n = graph.Nodes[i];
            table.Add(i + 1, n.Op, string.Join(',', n.Inputs), CensusPrinter.Shape(n.OutputShape), n.Relus == 0 ? "" : n.Relus.ToString("N0", CultureInfo.InvariantCulture));
        }
        output.Write(table.ToString());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total: {graph.Relus:N0} ReLUs, {graph.Parameters:N0} parameters"));
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P2", CultureInfo.InvariantCulture) : "not measured";
}
