using System.Globalization;
using System.Text;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;

namespace PiToolkit.Linearize.Sweeps;

public static partial class LinearizationSweep
{
    private static void Write(string output, List<SweepResult> results, CheckpointManifest source, LinearizationSpec template, IReadOnlyList<int> seeds)
    {
        var ci = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("method,budget,seed,achieved_relus,nonlinear_ops,validation_accuracy,test_accuracy,mask_epochs,finetune_epochs,kept_below_threshold,mask_cap_hit,"
            + "sparsity,parameters,macs,scratch_epochs,seconds,failure\n");
        foreach (var r in results)
            csv.AppendLine(string.Create(ci,
                $"{r.Method},{(r.Sparsity is null ? r.Budget.ToString(ci) : "")},{r.Seed},{r.Achieved},{r.NonlinearOperations},{r.ValidationAccuracy:F4},{r.TestAccuracy:F4},{r.MaskEpochs},{r.FinetuneEpochs},{r.KeptBelowThreshold},{r.MaskCapHit},"
                + $"{r.Sparsity:0.####},{r.Parameters},{r.Macs},{r.ScratchEpochs},{r.Seconds:F1},{r.Failure?.Replace(',', ';')}"));
        File.WriteAllText(Path.Combine(output, "results.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(output, "results.md"), Markdown(results, source, template, seeds));
    }

    /// <summary>
    /// The sweep's tables: one row per (budget or sparsity, method) in run order with mean ± std over
    /// seeds, then the SNL-vs-baseline and pruning-vs-dense differences.
    /// </summary>
    public static string Markdown(IReadOnlyList<SweepResult> results, CheckpointManifest source, LinearizationSpec template, IReadOnlyList<int> seeds)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(seeds);
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        int epochs = (template.Finetune ?? new FinetuneOptions()).Epochs;
        string granularity = template.Granularity.ToString().ToLowerInvariant();
        md.Append(string.Create(ci,
            $"{source.Model.Architecture} ({source.Model.Pooling} pooling) on {source.Dataset.Name}: {source.Census.TotalCapacity:N0} ReLUs, {source.Census.TotalMaxPoolComparisons:N0} max-pool comparisons, "
            + $"{source.Census.Parameters:N0} parameters, {source.Census.Macs:N0} MACs, source test accuracy {source.Accuracy.Test:P2}. "));
        md.Append(string.Create(ci, $"Every run: {epochs} weight-training epochs (SNL's mask epochs included), {granularity} masks; seeds {string.Join(", ", seeds)}. "));
        md.AppendLine("Test accuracy is the mean ± sample standard deviation over the seeds that finished.");
        if (results.Any(r => r.Method.StartsWith("prune-", StringComparison.Ordinal)))
        {
            md.AppendLine();
            md.AppendLine(PruningSettings(source));
        }
        if (results.Any(r => r.Method == "snl"))
        {
            md.AppendLine();
            md.AppendLine(SnlSettings(template.Snl ?? new SnlOptions(), results.Where(r => r.Method == "snl" && r.Failure is null).ToList()));
        }
        md.AppendLine();
        md.AppendLine("| row | budget | ReLUs kept | nonlinear ops | test accuracy | validation accuracy | parameters | MACs | runs | epochs | kept masks ≤ threshold | s/run |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        // Groups keep the order the sweep ran them in: control and dense, budgets, sparsities, linear.
        var groups = results.GroupBy(r => (r.Method, r.Budget, r.Sparsity)).ToList();
        foreach (var g in groups)
        {
            var ok = g.Where(r => r.Failure is null).ToList();
            string Range(Func<SweepResult, long> f) => ok.Count == 0 ? "–" : ok.Min(f) == ok.Max(f) ? ok.Min(f).ToString("N0", ci) : $"{ok.Min(f).ToString("N0", ci)}–{ok.Max(f).ToString("N0", ci)}";
            string used = ok.Count == 0 ? "–" : string.Join(", ", ok.Select(Epochs).Distinct());
            string failures = g.Count(r => r.Failure is not null) is > 0 and var f ? $" ({f} failed: {g.First(r => r.Failure is not null).Failure})" : "";
            string target = g.Key.Sparsity is { } s ? string.Create(ci, $"{s * 100:0.##} % sparsity") : g.Key.Budget.ToString("N0", ci);
            string below = g.Key.Method == "snl" ? Range(r => r.KeptBelowThreshold) : "–";
            double seconds = ok.Count == 0 ? 0 : ok.Average(r => r.Seconds);
            md.AppendLine(string.Create(ci,
                $"| {RowName(g.Key.Method)} | {target} | {Range(r => r.Achieved)} | {Range(r => r.NonlinearOperations)} | {MeanStd(ok.Select(r => r.TestAccuracy))} | {MeanStd(ok.Select(r => r.ValidationAccuracy))} | "
                + $"{Range(r => r.Parameters)} | {Range(r => r.Macs)} | {ok.Count}/{g.Count()}{failures} | {used} | {below} | {seconds:F0} |"));
        }
        Differences(md, "SNL minus each baseline (test accuracy, percentage points)",
            groups.Where(g => g.Key.Method == "snl"), s => groups.Where(g => g.Key.Budget == s.Key.Budget && g.Key.Sparsity is null && g.Key.Method != "snl"));
        Differences(md, "Each pruning row minus the dense row (test accuracy, percentage points)",
            groups.Where(g => g.Key.Method.StartsWith("prune-", StringComparison.Ordinal)), _ => groups.Where(g => g.Key.Method == Dense));
        return md.ToString();
    }

    /// <summary>Appends "<paramref name="title"/>": each row of <paramref name="rows"/> minus each of its <paramref name="references"/>, and whether the difference exceeds the spread.</summary>
    private static void Differences(StringBuilder md, string title, IEnumerable<IGrouping<(string Method, long Budget, double? Sparsity), SweepResult>> rows,
        Func<IGrouping<(string Method, long Budget, double? Sparsity), SweepResult>, IEnumerable<IGrouping<(string Method, long Budget, double? Sparsity), SweepResult>>> references)
    {
        var ci = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        foreach (var row in rows)
            foreach (var other in references(row))
            {
                var a = row.Where(r => r.Failure is null).Select(r => r.TestAccuracy).ToList();
                var b = other.Where(r => r.Failure is null).Select(r => r.TestAccuracy).ToList();
                if (a.Count == 0 || b.Count == 0) continue;
                double delta = (a.Average() - b.Average()) * 100, spread = (Std(a) + Std(b)) * 100;
                string at = row.Key.Sparsity is { } s ? string.Create(ci, $"{s * 100:0.##} % sparsity") : string.Create(ci, $"{row.Key.Budget:N0} ReLUs");
                lines.Add(string.Create(ci,
                    $"- {at}, {RowName(row.Key.Method)} − {RowName(other.Key.Method)}: {delta:+0.00;-0.00} (spread {spread:F2}){(a.Count < 2 || b.Count < 2 ? ", one seed: no spread" : Math.Abs(delta) > spread ? ", larger than the spread" : ", within the spread")}"));
            }
        if (lines.Count == 0) return;
        md.AppendLine();
        md.AppendLine(title + "; a difference counts as larger than the spread when it exceeds the sum of the two standard deviations:");
        md.AppendLine();
        foreach (string line in lines) md.AppendLine(line);
    }

    /// <summary>Epochs as the table shows them: SNL's mask + finetune, and the epochs trained from initialization where a method repeats the source's training.</summary>
    private static string Epochs(SweepResult r) => r.ScratchEpochs > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{r.ScratchEpochs} from init + {r.FinetuneEpochs}")
        : string.Create(CultureInfo.InvariantCulture, $"{r.MaskEpochs}+{r.FinetuneEpochs}");

    private static string PruningSettings(CheckpointManifest source)
    {
        int e = (source.Training ?? new TrainingOptions()).Epochs;
        return string.Create(CultureInfo.InvariantCulture,
            $"Pruning rows (`prune-…`) and the dense row retrain with the source's own training settings; their epochs include slimming's sparsity training and every IMP round. "
            + $"SNIP and IMP with weight rewinding start from a fresh initialization and first train it for the source's {e} epochs (shown as \"{e} from init\"), which the other rows inherit from the source. "
            + $"Channel rows count the shrunk model; unstructured rows count non-zero weights in parameters and MACs (their dense shape, ReLUs and HE cost are the source's).");
    }

    /// <summary>
    /// Which λ rule and settings the SNL rows used, and how often the mask phase hit its cap above
    /// the budget: a table of capped runs compares cuts of unseparated masks, not SNL as specified.
    /// </summary>
    private static string SnlSettings(SnlOptions snl, IReadOnlyList<SweepResult> runs)
    {
        var ci = CultureInfo.InvariantCulture;
        string rule = snl.PaceEpochs == 0
            ? string.Create(ci, $"the reference λ rule (×{snl.LambdaGrowth:G} after an epoch that sets no new minimum of alive ReLUs, from epoch {snl.GrowthFromEpoch})")
            : string.Create(ci, $"the pacing variant (λ ×{snl.PaceBoost:G} after an epoch that ends above a geometric pace reaching the budget in {snl.PaceEpochs} epochs, the reference rule ×{snl.LambdaGrowth:G} otherwise)");
        return string.Create(ci,
            $"SNL rows: {rule}, initial λ {snl.InitialLambda:G}, mask phase capped at {snl.MaxEpochs} epochs; the cap was hit with more ReLUs alive than the budget in {runs.Count(r => r.MaskCapHit)} of {runs.Count} SNL runs.");
    }

    private static string RowName(string method) => method switch
    {
        Control => "control (unlinearized)",
        Linear => "linear (no ReLU)",
        Dense => "dense (unpruned, retrained)",
        "snl" => "SNL",
        "criticality" => "criticality-ordered layers",
        _ => method,
    };

    private static string MeanStd(IEnumerable<double> values)
    {
        var v = values.ToList();
        if (v.Count == 0) return "–";
        return v.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{v[0] * 100:F2} %")
            : string.Create(CultureInfo.InvariantCulture, $"{v.Average() * 100:F2} ± {Std(v) * 100:F2} %");
    }

    private static double Std(IReadOnlyList<double> v)
    {
        if (v.Count < 2) return 0;
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1));
    }
}
