using System.Globalization;
using System.Text;
using PiToolkit.Linearize.Snl;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;

namespace PiToolkit.Linearize.Sweeps;

/// <summary>
/// Runs every (seed, budget, method) from one trained checkpoint with the same number of
/// weight-training epochs, plus two reference rows per seed: <b>control</b> (all ReLUs kept,
/// finetuned the same way, so gains from extra training show up there too) and <b>linear</b>
/// (budget 0: every ReLU replaced by the identity, the floor). Writes <c>results.csv</c> (one line
/// per run) and <c>results.md</c> (mean ± sample standard deviation over seeds, ReLUs kept and
/// nonlinear operations per row, and which differences from SNL exceed the spread). Finished runs
/// are reused when their checkpoint exists, so an interrupted sweep resumes. A run whose training
/// diverges is recorded as such and the sweep goes on.
/// </summary>
public static class LinearizationSweep
{
    /// <summary>Row name of the unlinearized, equally finetuned model.</summary>
    public const string Control = "control";
    /// <summary>Row name of the fully linear model (budget 0).</summary>
    public const string Linear = "linear";

    /// <summary>Runs the sweep into <paramref name="output"/>; <paramref name="template"/> supplies everything but checkpoint, output, budget, method and seed.</summary>
    /// <param name="template">Settings shared by every run.</param>
    /// <param name="output">Folder for the runs and the tables.</param>
    /// <param name="budgets">ReLU budgets (fractions and percentages are resolved against the source's ReLUs first, so runs are named and compared by ReLU counts); 0 is the linear row, which is added anyway when <paramref name="referenceRows"/> is set.</param>
    /// <param name="methods">Methods to compare at every positive budget.</param>
    /// <param name="seeds">Seeds (null: the template's).</param>
    /// <param name="referenceRows">Add the control and linear rows.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellation">Stops between epochs; finished runs stay.</param>
    /// <param name="runMissing">False: only tabulate the runs already in <paramref name="output"/> (e.g. runs made by several processes), running nothing.</param>
    /// <exception cref="CheckpointFormatException">The template's checkpoint is missing or invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A budget exceeds the model's ReLUs.</exception>
    /// <exception cref="ArgumentException">No seed or method is given.</exception>
    public static IReadOnlyList<SweepResult> Run(LinearizationSpec template, string output, IReadOnlyList<ReluBudget> budgets,
        IReadOnlyList<LinearizationMethod> methods, IReadOnlyList<int>? seeds = null, bool referenceRows = true, Action<string>? log = null,
        CancellationToken cancellation = default, bool runMissing = true)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(methods);
        seeds ??= [template.Seed];
        if (seeds.Count == 0) throw new ArgumentException("no seed given", nameof(seeds));
        if (methods.Count == 0) throw new ArgumentException("no method given", nameof(methods));
        var source = Checkpoint.ReadManifest(template.Checkpoint);
        long capacity = source.Census.TotalCapacity;
        long pools = source.Census.TotalMaxPoolComparisons;
        var counts = budgets.Select(b => b.Resolve(capacity)).ToList();

        // (row, method, budget): the rows in table order.
        var plan = new List<(string Row, LinearizationMethod Method, long Budget)>();
        if (referenceRows) plan.Add((Control, LinearizationMethod.Random, capacity));
        foreach (long budget in counts.Where(b => b > 0).Distinct().OrderDescending())
            foreach (var method in methods.Distinct())
                plan.Add((LinearizationMethodNames.Id(method), method, budget));
        // At budget 0 every method keeps nothing: one run is the floor for all of them.
        if (referenceRows || counts.Contains(0)) plan.Add((Linear, LinearizationMethod.Random, 0));

        Directory.CreateDirectory(output);
        var results = new List<SweepResult>();
        foreach (int seed in seeds)
            foreach (var (row, method, budget) in plan)
            {
                string name = row is Control or Linear ? $"{row}-s{seed}" : $"{row}-{budget}-s{seed}";
                string folder = Path.Combine(output, name);
                CheckpointManifest? manifest = null;
                if (File.Exists(Path.Combine(folder, Checkpoint.ManifestFile)) && Checkpoint.ReadManifest(folder).Linearization is { } done
                    && done.Budget == budget && done.Hyperparameters.GetValueOrDefault("seed") == seed)
                {
                    log?.Invoke($"{name}: already done, reusing {folder}");
                    manifest = Checkpoint.ReadManifest(folder);
                }
                else if (!runMissing)
                {
                    log?.Invoke($"{name}: missing, not run");
                }
                else
                {
                    log?.Invoke($"{name}: running");
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    try
                    {
                        manifest = LinearizationJob.Run(template with { Output = folder, Budget = new ReluBudget(budget, null), Method = method, Seed = seed },
                            line => log?.Invoke("  " + line), cancellation: cancellation);
                    }
                    catch (TrainingDivergedException e)
                    {
                        log?.Invoke($"  {name}: {e.Message}");
                        results.Add(new SweepResult(row, budget, 0, double.NaN, double.NaN, clock.Elapsed.TotalSeconds, folder,
                            $"diverged in epoch {e.Epoch}", seed, pools));
                    }
                }
                if (manifest is not null)
                {
                    var r = manifest.Linearization!;
                    results.Add(new SweepResult(row, r.Budget, r.AchievedRelus, r.After.Validation ?? double.NaN, r.After.Test ?? double.NaN, r.Seconds, folder,
                        null, seed, manifest.Census.TotalNonlinear, r.MaskEpochs, r.FinetuneEpochs, r.KeptBelowThreshold, r.MaskCapHit));
                }
                Write(output, results, source, template, seeds);
            }
        return results;
    }

    private static void Write(string output, List<SweepResult> results, CheckpointManifest source, LinearizationSpec template, IReadOnlyList<int> seeds)
    {
        var csv = new StringBuilder("method,budget,seed,achieved_relus,nonlinear_ops,validation_accuracy,test_accuracy,mask_epochs,finetune_epochs,kept_below_threshold,mask_cap_hit,seconds,failure\n");
        foreach (var r in results)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Method},{r.Budget},{r.Seed},{r.Achieved},{r.NonlinearOperations},{r.ValidationAccuracy:F4},{r.TestAccuracy:F4},{r.MaskEpochs},{r.FinetuneEpochs},{r.KeptBelowThreshold},{r.MaskCapHit},{r.Seconds:F1},{r.Failure}"));
        File.WriteAllText(Path.Combine(output, "results.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(output, "results.md"), Markdown(results, source, template, seeds));
    }

    /// <summary>The sweep's tables: one row per (budget, method) with mean ± std over seeds, then the SNL-vs-baseline differences.</summary>
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
            $"{source.Model.Architecture} ({source.Model.Pooling} pooling) on {source.Dataset.Name}: {source.Census.TotalCapacity:N0} ReLUs, {source.Census.TotalMaxPoolComparisons:N0} max-pool comparisons, source test accuracy {source.Accuracy.Test:P2}. "));
        md.Append(string.Create(ci, $"Every run: {epochs} weight-training epochs (SNL's mask epochs included), {granularity} masks; seeds {string.Join(", ", seeds)}. "));
        md.AppendLine("Test accuracy is the mean ± sample standard deviation over the seeds that finished.");
        if (results.Any(r => r.Method == "snl"))
        {
            md.AppendLine();
            md.AppendLine(SnlSettings(template.Snl ?? new SnlOptions(), results.Where(r => r.Method == "snl" && r.Failure is null).ToList()));
        }
        md.AppendLine();
        md.AppendLine("| row | budget | ReLUs kept | nonlinear ops | test accuracy | validation accuracy | runs | mask + finetune epochs | kept masks ≤ threshold | s/run |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        var groups = results.GroupBy(r => (r.Method, r.Budget)).ToList();
        foreach (var g in groups.OrderBy(g => g.Key.Method == Control ? 0 : g.Key.Method == Linear ? 2 : 1).ThenByDescending(g => g.Key.Budget))
        {
            var ok = g.Where(r => r.Failure is null).ToList();
            string Range(Func<SweepResult, long> f) => ok.Count == 0 ? "–" : ok.Min(f) == ok.Max(f) ? ok.Min(f).ToString("N0", ci) : $"{ok.Min(f).ToString("N0", ci)}–{ok.Max(f).ToString("N0", ci)}";
            string used = ok.Count == 0 ? "–" : string.Join(", ", ok.Select(r => string.Create(ci, $"{r.MaskEpochs}+{r.FinetuneEpochs}")).Distinct());
            string failures = g.Count(r => r.Failure is not null) is > 0 and var f ? $" ({f} {g.First(r => r.Failure is not null).Failure})" : "";
            string achieved = Range(r => r.Achieved), nonlinear = Range(r => r.NonlinearOperations);
            string test = MeanStd(ok.Select(r => r.TestAccuracy)), validation = MeanStd(ok.Select(r => r.ValidationAccuracy));
            string below = g.Key.Method == "snl" ? Range(r => r.KeptBelowThreshold) : "–";
            double seconds = ok.Count == 0 ? 0 : ok.Average(r => r.Seconds);
            md.AppendLine(string.Create(ci,
                $"| {RowName(g.Key.Method)} | {g.Key.Budget:N0} | {achieved} | {nonlinear} | {test} | {validation} | {ok.Count}/{g.Count()}{failures} | {used} | {below} | {seconds:F0} |"));
        }
        var snl = groups.Where(g => g.Key.Method == "snl").ToList();
        if (snl.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("SNL minus each baseline (test accuracy, percentage points); a difference counts as larger than the spread when it exceeds the sum of the two standard deviations:");
            md.AppendLine();
            foreach (var s in snl.OrderByDescending(g => g.Key.Budget))
                foreach (var other in groups.Where(g => g.Key.Budget == s.Key.Budget && g.Key.Method != "snl"))
                {
                    var a = s.Where(r => r.Failure is null).Select(r => r.TestAccuracy).ToList();
                    var b = other.Where(r => r.Failure is null).Select(r => r.TestAccuracy).ToList();
                    if (a.Count == 0 || b.Count == 0) continue;
                    double delta = (a.Average() - b.Average()) * 100, spread = (Std(a) + Std(b)) * 100;
                    md.AppendLine(string.Create(ci,
                        $"- {s.Key.Budget:N0} ReLUs, SNL − {RowName(other.Key.Method)}: {delta:+0.00;-0.00} (spread {spread:F2}){(a.Count < 2 || b.Count < 2 ? ", one seed: no spread" : Math.Abs(delta) > spread ? ", larger than the spread" : ", within the spread")}"));
                }
        }
        return md.ToString();
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
