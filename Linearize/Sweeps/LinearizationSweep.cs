using PiToolkit.Linearize.Pruning;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;

namespace PiToolkit.Linearize.Sweeps;

/// <summary>
/// Runs every (seed, budget, method) from one trained checkpoint with the same number of
/// weight-training epochs, plus reference rows per seed: <b>control</b> (all ReLUs kept,
/// finetuned the same way, so gains from extra training show up there too) and <b>linear</b>
/// (budget 0: every ReLU replaced by the identity, the floor). Pruning methods run next to the
/// linearization methods under the same rule (channel methods at every ReLU budget, all of them at
/// every sparsity), with a <b>dense</b> row (nothing pruned, retrained as long with the pruning
/// rows' optimizer settings). Writes <c>results.csv</c> (one line per run) and <c>results.md</c>
/// (mean ± sample standard deviation over seeds, ReLUs, parameters and MACs per row, and which
/// differences exceed the spread). Finished runs are reused when their checkpoint exists, so an
/// interrupted sweep resumes. A run whose training diverges, or whose pruning target the structure
/// cannot reach, is recorded as such and the sweep goes on.
/// </summary>
public static partial class LinearizationSweep
{
    /// <summary>Row name of the unlinearized, equally finetuned model.</summary>
    public const string Control = "control";
    /// <summary>Row name of the fully linear model (budget 0).</summary>
    public const string Linear = "linear";
    /// <summary>Row name of the unpruned model retrained like the pruning rows.</summary>
    public const string Dense = "dense";

    /// <summary>
    /// One row of the plan: a linearization method at a budget (control and linear are random at the
    /// full and at zero budget), or, when <paramref name="Pruning"/> is set, a pruning method at a ReLU
    /// budget or a sparsity.
    /// </summary>
    private sealed record Point(string Row, long Budget, LinearizationMethod Method = LinearizationMethod.Random, PruningSweepMethod? Pruning = null, double? Sparsity = null)
    {
        public string Folder(int seed) => Row is Control or Linear or Dense ? $"{Row}-s{seed}"
            : Sparsity is { } s ? FormattableString.Invariant($"{Row}-{s * 100:0.##}pct-s{seed}") : $"{Row}-{Budget}-s{seed}";

        public PruningTarget Target => Sparsity is { } s ? new PruningTarget(PruningTargetKind.Sparsity, s) : new PruningTarget(PruningTargetKind.Relus, Budget);
    }

    /// <summary>Runs the sweep into <paramref name="output"/>; <paramref name="template"/> supplies everything but checkpoint, output, budget, method and seed.</summary>
    /// <param name="template">Settings shared by every run; its finetuning epochs are every method's weight-training epochs.</param>
    /// <param name="output">Folder for the runs and the tables.</param>
    /// <param name="budgets">ReLU budgets (fractions and percentages are resolved against the source's ReLUs first, so runs are named and compared by ReLU counts); 0 is the linear row, which is added anyway when <paramref name="referenceRows"/> is set.</param>
    /// <param name="methods">Linearization methods to compare at every positive budget (may be empty when <paramref name="pruning"/> names methods).</param>
    /// <param name="seeds">Seeds (null: the template's).</param>
    /// <param name="referenceRows">Add the control and linear rows (and the dense row when pruning).</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellation">Stops between epochs; finished runs stay.</param>
    /// <param name="runMissing">False: only tabulate the runs already in <paramref name="output"/> (e.g. runs made by several processes), running nothing.</param>
    /// <param name="pruning">Pruning methods and sparsities to run next to the linearization methods, or null.</param>
    /// <exception cref="CheckpointFormatException">The template's checkpoint is missing or invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A budget exceeds the model's ReLUs, or a sparsity is outside [0, 1).</exception>
    /// <exception cref="ArgumentException">No seed or method is given, or a pruning method cannot split the epochs as it needs.</exception>
    public static IReadOnlyList<SweepResult> Run(LinearizationSpec template, string output, IReadOnlyList<ReluBudget> budgets,
        IReadOnlyList<LinearizationMethod> methods, IReadOnlyList<int>? seeds = null, bool referenceRows = true, Action<string>? log = null,
        CancellationToken cancellation = default, bool runMissing = true, PruningSweepOptions? pruning = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(methods);
        seeds ??= [template.Seed];
        if (seeds.Count == 0) throw new ArgumentException("no seed given", nameof(seeds));
        if (methods.Count == 0 && (pruning is null || pruning.Methods.Count == 0)) throw new ArgumentException("no method given", nameof(methods));
        var source = Checkpoint.ReadManifest(template.Checkpoint);
        var plan = Plan(budgets.Select(b => b.Resolve(source.Census.TotalCapacity)).ToList(), methods, pruning, source.Census.TotalCapacity, referenceRows);
        int epochs = (template.Finetune ?? new FinetuneOptions()).Epochs;
        int sourceEpochs = (source.Training ?? new TrainingOptions()).Epochs;
        int impRounds = pruning?.ImpRounds ?? 1;
        // Fails before any run when a pruning method cannot split the epochs.
        foreach (var p in plan.Where(p => p.Pruning is not null).DistinctBy(p => p.Pruning))
            p.Pruning!.Spec(template.Checkpoint, output, p.Target, epochs, sourceEpochs, impRounds, template.Seed, template).Validate();

        Directory.CreateDirectory(output);
        var results = new List<SweepResult>();
        foreach (int seed in seeds)
            foreach (var point in plan)
            {
                string name = point.Folder(seed);
                string folder = Path.Combine(output, name);
                CheckpointManifest? manifest = Done(folder, point, seed) ? Checkpoint.ReadManifest(folder) : null;
                if (manifest is not null)
                {
                    log?.Invoke($"{name}: already done, reusing {folder}");
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
                        manifest = point.Pruning is { } method
                            ? PruningJob.Run(method.Spec(template.Checkpoint, folder, point.Target, epochs, sourceEpochs, impRounds, seed, template),
                                line => log?.Invoke("  " + line), cancellation: cancellation)
                            : LinearizationJob.Run(template with { Output = folder, Budget = new ReluBudget(point.Budget, null), Method = point.Method, Seed = seed },
                                line => log?.Invoke("  " + line), cancellation: cancellation);
                    }
                    catch (Exception e) when (e is TrainingDivergedException || (e is ArgumentException && point.Pruning is not null))
                    {
                        // A pruning target the structure cannot reach (or a criterion the model does not
                        // support) is a result of the method, recorded like a diverged run.
                        string failure = e is TrainingDivergedException d ? $"diverged in epoch {d.Epoch}" : e.Message.Split(" (Parameter", 2)[0];
                        log?.Invoke($"  {name}: {failure}");
                        results.Add(new SweepResult(point.Row, point.Budget, 0, double.NaN, double.NaN, clock.Elapsed.TotalSeconds, folder,
                            failure, seed, source.Census.TotalMaxPoolComparisons, Sparsity: point.Sparsity));
                    }
                }
                if (manifest is not null)
                    results.Add(Result(point, manifest, folder, seed, sourceEpochs));
                Write(output, results, source, template, seeds);
            }
        return results;
    }

    /// <summary>The rows in table order: control and dense, each budget (linearization, then channel pruning), each sparsity, linear.</summary>
    private static List<Point> Plan(List<long> budgets, IReadOnlyList<LinearizationMethod> methods, PruningSweepOptions? pruning, long capacity, bool referenceRows)
    {
        var pruners = pruning?.Methods.Distinct().ToList() ?? [];
        var plan = new List<Point>();
        if (referenceRows) plan.Add(new Point(Control, capacity, LinearizationMethod.Random));
        if (referenceRows && pruners.Count > 0) plan.Add(new Point(Dense, capacity, Pruning: PruningSweepMethod.Dense, Sparsity: 0));
        foreach (long budget in budgets.Where(b => b > 0).Distinct().OrderDescending())
        {
            foreach (var method in methods.Distinct())
                plan.Add(new Point(LinearizationMethodNames.Id(method), budget, method));
            // Zeroed weights remove no ReLU: only channel pruning can meet a ReLU budget.
            foreach (var method in pruners.Where(m => m.Structure == PruningStructure.Channel))
                plan.Add(new Point(method.Name, budget, Pruning: method));
        }
        foreach (double sparsity in (pruning?.Sparsities ?? []).Distinct().Order())
        {
            new PruningTarget(PruningTargetKind.Sparsity, sparsity).Validate();
            foreach (var method in pruners)
                plan.Add(new Point(method.Name, 0, Pruning: method, Sparsity: sparsity));
        }
        // At budget 0 every method keeps nothing: one run is the floor for all of them.
        if (referenceRows || budgets.Contains(0)) plan.Add(new Point(Linear, 0, LinearizationMethod.Random));
        return plan;
    }

    /// <summary>Whether <paramref name="folder"/> holds this point's finished run for <paramref name="seed"/>.</summary>
    private static bool Done(string folder, Point point, int seed)
    {
        if (!File.Exists(Path.Combine(folder, Checkpoint.ManifestFile))) return false;
        var manifest = Checkpoint.ReadManifest(folder);
        return point.Pruning is null
            ? manifest.Linearization is { } l && l.Budget == point.Budget && l.Hyperparameters.GetValueOrDefault("seed") == seed
            : manifest.Pruning is { } p && p.Hyperparameters.GetValueOrDefault("seed") == seed && p.TargetValue == point.Target.Value
                && p.TargetKind == point.Target.Kind.ToString().ToLowerInvariant();
    }

    private static SweepResult Result(Point point, CheckpointManifest manifest, string folder, int seed, int sourceEpochs)
    {
        long pools = manifest.Census.TotalMaxPoolComparisons;
        if (manifest.Pruning is { } p)
        {
            int scratch = point.Pruning!.FromScratch ? sourceEpochs : 0;
            return new SweepResult(point.Row, point.Budget, p.CostAfter.Relus, p.After.Validation ?? double.NaN, p.After.Test ?? double.NaN, p.Seconds, folder,
                null, seed, p.CostAfter.Relus + pools, FinetuneEpochs: p.TrainingEpochs - scratch, Sparsity: point.Sparsity,
                Parameters: p.CostAfter.Parameters, Macs: p.CostAfter.Macs, ScratchEpochs: scratch);
        }
        var r = manifest.Linearization!;
        return new SweepResult(point.Row, r.Budget, r.AchievedRelus, r.After.Validation ?? double.NaN, r.After.Test ?? double.NaN, r.Seconds, folder,
            null, seed, manifest.Census.TotalNonlinear, r.MaskEpochs, r.FinetuneEpochs, r.KeptBelowThreshold, r.MaskCapHit,
            Parameters: manifest.Census.Parameters, Macs: manifest.Census.Macs);
    }
}
