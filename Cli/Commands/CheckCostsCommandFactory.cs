using System.CommandLine;
using System.Globalization;
using PiToolkit.Bench.Pipeline;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Cli.Infrastructure;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk bench check-costs</c>: checks the cost model on whole <c>pitk pi run</c> reports (e.g. the
/// CIFAR ResNets, too slow to sweep) by leave-one-out: each report is predicted by models fitted on the
/// others, and measured and predicted costs are printed side by side.
/// </summary>
public static class CheckCostsCommandFactory
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var reports = new Option<string[]>("--report")
        {
            Description = $"A pitk pi run --json report, one configuration named by its file name; give at least {CostModelFitter.MinimumConfigurations}",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("check-costs",
            "Leave-one-out check of the cost model on pi run reports: fit on all but one, predict that one, for every report") { reports };
        command.SetGuardedAction(parse =>
        {
            var paths = parse.GetValue(reports)!;
            if (paths.Length < CostModelFitter.MinimumConfigurations)
                throw new UserError($"--report given {paths.Length} time(s); the check needs at least {CostModelFitter.MinimumConfigurations} reports (two to fit, one to predict)");
            var check = CostModelFitter.LeaveOneOut([.. paths.Select(Read)]);
            Console.Write(Format(check));
            return 0;
        });
        return command;
    }

    private static MeasuredConfiguration Read(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such file");
        SecureInferenceReport report;
        try
        {
            report = SecureInferenceReport.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new UserError($"{path}: {e.Message}");
        }
        // The bench's own reading of a report, so these features are the ones a sweep's cost model fits.
        return new MeasuredConfiguration(Path.GetFileNameWithoutExtension(path), report.Relus, LoopbackProtocolMeasurer.ToMeasurement(report));
    }

    private static string Format(LeaveOneOutReport check)
    {
        var table = new TextTable("report", "ReLUs",
            "offline ms", "predicted", "error", "online ms", "predicted", "error",
            "offline MB", "predicted", "error", "online MB", "predicted", "error");
        foreach (var row in check.Configurations)
        {
            var cells = new List<object?> { row.Name, row.Features.Relus.ToString("N0", CultureInfo.InvariantCulture) };
            foreach (var target in Columns)
            {
                var cost = row[target];
                cells.AddRange([Value(target, cost.Measured), Value(target, cost.Predicted), Percent(cost.RelativeError)]);
            }
            table.Add([.. cells]);
        }
        var summary = Columns.Select(t =>
            $"{t.Name()} {Percent(check.MeanRelativeError(t))} / {Percent(check.MaxRelativeError(t))}");
        return table + "mean / max relative error: " + string.Join(", ", summary) + Environment.NewLine;
    }

    // The table reads offline before online, as pi run's report does.
    private static readonly CostTarget[] Columns = [CostTarget.OfflineMs, CostTarget.OnlineMs, CostTarget.OfflineBytes, CostTarget.OnlineBytes];

    private static string Value(CostTarget target, double value) => target is CostTarget.OfflineBytes or CostTarget.OnlineBytes
        ? (value / 1e6).ToString("N1", CultureInfo.InvariantCulture)
        : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double? error) => error is { } e ? e.ToString("P1", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal) : "-";
}
