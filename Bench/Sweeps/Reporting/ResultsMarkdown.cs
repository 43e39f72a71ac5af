using System.Globalization;
using System.Text;
using PiToolkit.Bench.Sweeps.Analysis;
using PiToolkit.Bench.Sweeps.CostModel;

namespace PiToolkit.Bench.Sweeps.Reporting;

/// <summary><c>results.md</c>: one table per model (mean ± std over seeds), then the cost model and its predictions.</summary>
public static class ResultsMarkdown
{
    /// <summary>The report as Markdown.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public static string Format(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var machine = report.Machine;
        md.AppendLine("# Private-inference benchmark").AppendLine();
        md.AppendLine(Invariant($"Measured on {machine.CpuModel} ({machine.Cores} cores), {machine.Os}, {machine.Dotnet}, PiToolkit {machine.ToolkitVersion}; both parties on this machine over loopback."));
        if (report.Settings is { } s)
            md.AppendLine().AppendLine(Invariant($"Checkpoint `{s.Checkpoint}`; methods {string.Join(", ", s.Methods)}; budgets {string.Join(", ", s.Budgets)}; seeds {string.Join(", ", s.Seeds)}; {s.Images} test images per point."));
        md.AppendLine().AppendLine("Accuracy comes from the protocol's own outputs (float: the float model on the same images; test set: the float model on the whole test set); " +
            "costs are per inference (median over the images), wall-clock; MB = 10⁶ bytes. Values are mean ± sample std over seeds. " +
            "*front*: on the Pareto front of all methods for accuracy against ReLUs (R), online latency (L) and communication (C).");

        int repeated = report.Points.Count(p => p.SameModelAs is not null);
        if (repeated > 0)
            md.AppendLine().AppendLine(Invariant($"{repeated} of {report.Points.Count} points build the same model as another point (e.g. budget all under every method) and repeat its measurement instead of computing it again (`same_model_as` in results.csv)."));

        foreach (var model in report.Configurations.GroupBy(c => c.Model))
        {
            var fronts = CostAxis.All.ToDictionary(a => a.Letter, a => a.Front(model).ToHashSet());
            md.AppendLine().AppendLine($"## {model.Key}").AppendLine();
            md.AppendLine("| method | budget | seeds | accuracy (%) | float (%) | test set (%) | ReLUs | AND gates | HE ops | offline (ms) | online (ms) | offline (MB) | online (MB) | front |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var c in model)
            {
                string front = string.Concat(fronts.Where(f => f.Value.Contains(c)).Select(f => f.Key));
                string seeds = c.Failed > 0 ? Invariant($"{c.Seeds} (+{c.Failed} failed)") : Invariant($"{c.Seeds}");
                md.AppendLine(Invariant($"| {c.Method} | {c.Budget} | {seeds} | {c.Accuracy.ToString("F2", 100)} | {c.FloatAccuracy.ToString("F2", 100)} | {c.FloatTestAccuracy.ToString("F2", 100)} | {c.Relus.Mean:N0} | {c.AndGates.Mean:N0} | {c.HeOperations.Mean:N0} | {c.OfflineMs.ToString("F1")} | {c.OnlineMs.ToString("F1")} | {c.OfflineBytes.ToString("F2", 1e-6)} | {c.OnlineBytes.ToString("F2", 1e-6)} | {front} |"));
            }
        }

        var failed = report.Points.Where(p => !p.Succeeded).ToList();
        if (failed.Count > 0)
        {
            md.AppendLine().AppendLine("## Failed points").AppendLine();
            // One line per configuration: seeds of one configuration usually fail for the same reason.
            foreach (var g in failed.GroupBy(p => (p.Key.Model, p.Key.Method, p.Key.Budget, p.Failure)))
            {
                var seeds = g.Select(p => p.Key.Seed).Order().ToList();
                md.AppendLine(Invariant($"- {g.Key.Model} {g.Key.Method} {g.Key.Budget}, seed{(seeds.Count > 1 ? "s" : "")} {string.Join(", ", seeds)}: {g.Key.Failure}"));
            }
        }

        AppendCostModel(md, report.CostModel);
        return md.ToString();
    }

    private static void AppendCostModel(StringBuilder md, CostModelReport cost)
    {
        md.AppendLine().AppendLine("## Cost model").AppendLine();
        if (cost.NotFitted is { } why)
        {
            md.AppendLine($"Not fitted: {why}.");
            return;
        }
        md.AppendLine(Invariant($"Each cost is fitted as a non-negative linear function of the operation counts on {cost.TrainConfigurations.Count} configurations and tested on {cost.TestConfigurations.Count} held out ({string.Join("; ", cost.TestConfigurations)})."))
            .AppendLine("Error: |predicted − measured| / measured over the held-out points.");
        md.AppendLine().AppendLine("| cost | " + string.Join(" | ", CostFeatures.TermNames) + " | test points | mean error | max error |");
        md.AppendLine("|---|" + string.Concat(CostFeatures.TermNames.Select(_ => "---:|")) + "---:|---:|---:|");
        foreach (var fit in cost.Fits)
            md.AppendLine($"| {fit.Model.Target.Name()} | " + string.Join(" | ", CostFeatures.TermNames.Select(t => Invariant($"{fit.Model.Coefficients[t]:G4}"))) +
                Invariant($" | {fit.TestPoints} | {fit.MeanRelativeError:P1} | {fit.MaxRelativeError:P1} |"));
        if (cost.Predictions.Count == 0) return;
        md.AppendLine().AppendLine("### Predicted, not measured").AppendLine();
        md.AppendLine("| configuration | ReLUs | AND gates | HE mult. | HE rot. | layers | offline (ms) | online (ms) | offline (MB) | online (MB) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in cost.Predictions)
        {
            var f = p.Features;
            md.AppendLine(Invariant($"| {p.Name} (predicted) | {f.Relus:N0} | {f.AndGates:N0} | {f.HeMultiplyPlain:N0} | {f.HeRotations:N0} | {f.Layers} | {Value(p.OfflineMs, 1)} | {Value(p.OnlineMs, 1)} | {Value(p.OfflineBytes, 1e-6)} | {Value(p.OnlineBytes, 1e-6)} |"));
            // The published row sits right under its prediction, so the comparison needs no looking up.
            if (p.Published is { } pub)
                md.AppendLine(Invariant($"| {p.Name} (published: {pub.Source}) | | | | | | {Value(pub.OfflineMs, 1)} | {Value(pub.OnlineMs, 1)} | {Value(pub.OfflineBytes, 1e-6)} | {Value(pub.OnlineBytes, 1e-6)} |"));
        }
    }

    private static string Value(double? value, double scale) => value is { } v ? (v * scale).ToString("F1", CultureInfo.InvariantCulture) : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
