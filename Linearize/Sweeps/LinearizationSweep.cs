using System.Globalization;
using System.Text;
using PiToolkit.Models.Checkpoints;
using PiToolkit.Models.Training;

namespace PiToolkit.Linearize.Sweeps;

/// <summary>
/// Runs every (method, budget) pair from one trained checkpoint with identical finetuning, and
/// writes <c>results.csv</c> and <c>results.md</c> (test accuracy per budget and method, with wall
/// times). Finished runs are skipped when their checkpoint exists, so an interrupted sweep resumes.
/// A run whose training diverges is recorded as such and the sweep goes on: one unstable
/// configuration is a result, not a reason to lose the others.
/// </summary>
public static class LinearizationSweep
{
    /// <summary>
    /// Runs the sweep into <paramref name="output"/>; <paramref name="template"/> supplies everything
    /// but output, budget and method. Fractions and percentages are resolved against the source
    /// checkpoint's ReLUs first, so runs are named and compared by their ReLU counts.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The template's checkpoint is missing or invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A budget exceeds the model's ReLUs.</exception>
    public static IReadOnlyList<SweepResult> Run(LinearizationSpec template, string output, IReadOnlyList<ReluBudget> budgets,
        IReadOnlyList<LinearizationMethod> methods, Action<string>? log = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(methods);
        long capacity = Checkpoint.ReadManifest(template.Checkpoint).Census.TotalCapacity;
        var counts = budgets.Select(b => b.Resolve(capacity)).ToList();
        Directory.CreateDirectory(output);
        var results = new List<SweepResult>();
        CheckpointManifest? last = null;
        foreach (long budget in counts)
            foreach (var method in methods)
            {
                string folder = Path.Combine(output, $"{method.ToString().ToLowerInvariant()}-{budget}");
                CheckpointManifest? manifest = null;
                if (File.Exists(Path.Combine(folder, Checkpoint.ManifestFile)) && Checkpoint.ReadManifest(folder).Linearization is { } done && done.Budget == budget)
                {
                    log?.Invoke($"{method} at {budget}: already done, reusing {folder}");
                    manifest = Checkpoint.ReadManifest(folder);
                }
                else
                {
                    log?.Invoke($"{method} at {budget}: running");
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    try
                    {
                        manifest = LinearizationJob.Run(template with { Output = folder, Budget = new ReluBudget(budget, null), Method = method },
                            line => log?.Invoke("  " + line), cancellation: cancellation);
                    }
                    catch (TrainingDivergedException e)
                    {
                        log?.Invoke($"  {method} at {budget}: {e.Message}");
                        results.Add(new SweepResult(method.ToString().ToLowerInvariant(), budget, 0, double.NaN, double.NaN, clock.Elapsed.TotalSeconds, folder,
                            $"diverged in epoch {e.Epoch}"));
                    }
                }
                if (manifest is not null)
                {
                    var record = manifest.Linearization!;
                    results.Add(new SweepResult(record.Method, record.Budget, record.AchievedRelus, record.After.Validation ?? double.NaN,
                        record.After.Test ?? double.NaN, record.Seconds, folder));
                    last = manifest;
                }
                Write(output, results, last);
            }
        return results;
    }

    private static void Write(string output, List<SweepResult> results, CheckpointManifest? last)
    {
        var csv = new StringBuilder("method,budget,achieved,validation_accuracy,test_accuracy,seconds,failure\n");
        foreach (var r in results)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{r.Method},{r.Budget},{r.Achieved},{r.ValidationAccuracy:F4},{r.TestAccuracy:F4},{r.Seconds:F1},{r.Failure}"));
        File.WriteAllText(Path.Combine(output, "results.csv"), csv.ToString());

        var methods = results.Select(r => r.Method).Distinct().ToList();
        var md = new StringBuilder();
        if (last is not null)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{last.Model.Architecture} on {last.Dataset.Name}: test accuracy after linearization (wall time of the run); source test accuracy {last.Linearization!.Before.Test:P2}, {last.Census.TotalCapacity:N0} ReLUs."));
        md.AppendLine();
        md.AppendLine("| budget | " + string.Join(" | ", methods) + " |");
        md.AppendLine("|---|" + string.Concat(methods.Select(_ => "---|")));
        foreach (var budget in results.Select(r => r.Budget).Distinct())
        {
            var cells = methods.Select(m => results.FirstOrDefault(r => r.Budget == budget && r.Method == m) is { } r
                ? r.Failure ?? string.Create(CultureInfo.InvariantCulture, $"{r.TestAccuracy:P2} ({r.Seconds:F0} s)")
                : "");
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {budget:N0} | ") + string.Join(" | ", cells) + " |");
        }
        File.WriteAllText(Path.Combine(output, "results.md"), md.ToString());
    }
}
