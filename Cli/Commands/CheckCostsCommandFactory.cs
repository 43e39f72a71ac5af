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
/// others, and measured and predicted costs are printed side by side. With <c>--predict</c>, the
/// costs are then fitted on all the reports and the CSV's configurations priced, in a table of
/// predictions (<see cref="PredictionTable"/>).
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
        var published = new Option<string[]>("--published")
        {
            Description = "Published figures to print under a report's row: NAME=offline_ms,online_ms,offline_bytes,online_bytes (per inference; a cell may be empty)",
            AllowMultipleArgumentsPerToken = false,
        };
        var predict = new Option<string?>("--predict")
        {
            Description = $"CSV of configurations to price, fitted on all the reports (header: {UnmeasuredConfigurationsCsv.Header}, "
                + "optionally published figures; rows from pitk pi plan --predict-row)",
        };
        var command = new Command("check-costs",
            "Leave-one-out check of the cost model on pi run reports: fit on all but one, predict that one, for every report; "
            + "--predict then prices unmeasured configurations with fits on all of them") { reports, published, predict };
        command.SetGuardedAction(parse =>
        {
            var paths = parse.GetValue(reports)!;
            if (paths.Length < CostModelFitter.MinimumConfigurations)
                throw new UserError($"--report given {paths.Length} time(s); the check needs at least {CostModelFitter.MinimumConfigurations} reports (two to fit, one to predict)");
            var unmeasured = parse.GetValue(predict) is { } csv ? ReadConfigurations(csv) : [];
            var measured = paths.Select(Read).ToList();
            var check = CostModelFitter.LeaveOneOut(measured);
            var figures = (parse.GetValue(published) ?? []).Select(ParsePublished).ToDictionary(p => p.Name, p => p.Costs, StringComparer.Ordinal);
            if (figures.Keys.FirstOrDefault(name => check.Configurations.All(c => c.Name != name)) is { } unknown)
                throw new UserError($"--published: no report is named '{unknown}'");
            Console.Write(Format(check, figures));
            if (unmeasured.Count > 0)
                Console.Write(Environment.NewLine + PredictionTable.Format(CostModelFitter.Predict(measured, unmeasured), measured.Count));
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

    private static IReadOnlyList<UnmeasuredConfiguration> ReadConfigurations(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such file");
        try
        {
            var configurations = UnmeasuredConfigurationsCsv.Parse(File.ReadAllText(path));
            return configurations.Count > 0 ? configurations : throw new UserError($"{path}: no configuration to predict");
        }
        catch (FormatException e)
        {
            throw new UserError($"{path}: {e.Message}");
        }
    }

    // NAME=offline_ms,online_ms,offline_bytes,online_bytes: the column order of PublishedCosts and of the table.
    private static (string Name, PublishedCosts Costs) ParsePublished(string text)
    {
        int equals = text.LastIndexOf('=');
        var cells = equals > 0 ? text[(equals + 1)..].Split(',') : [];
        if (cells.Length != 4)
            throw new UserError($"--published: '{text}' is not NAME=offline_ms,online_ms,offline_bytes,online_bytes");
        double? Figure(string cell) =>
            cell.Trim().Length == 0 ? null
            : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 && double.IsFinite(value) ? value
            : throw new UserError($"--published: '{cell}' is not a non-negative number");
        string name = text[..equals];
        return (name, new PublishedCosts("--published", Figure(cells[0]), Figure(cells[1]), Figure(cells[2]), Figure(cells[3])));
    }

    private static string Format(LeaveOneOutReport check, IReadOnlyDictionary<string, PublishedCosts> published)
    {
        var table = new TextTable("report", "ReLUs",
            "offline ms", "predicted", "error", "online ms", "predicted", "error",
            "offline MB", "predicted", "error", "online MB", "predicted", "error");
        foreach (var row in check.Configurations)
        {
            var cells = new List<object?> { row.Name, row.Features.Relus.ToString("N0", CultureInfo.InvariantCulture) };
            foreach (var target in CostCells.Columns)
            {
                var cost = row[target];
                cells.AddRange([CostCells.Value(target, cost.Measured), CostCells.Value(target, cost.Predicted), CostCells.Percent(cost.RelativeError)]);
            }
            table.Add([.. cells]);
            if (published.TryGetValue(row.Name, out var paper))
                table.Add([$"  {row.Name} (published)", "",
                    .. CostCells.Columns.SelectMany(t => (object[])[CostCells.Optional(t, CostCells.Of(t, paper)), "", ""])]);
        }
        var summary = CostCells.Columns.Select(t =>
            $"{t.Name()} {CostCells.Percent(check.MeanRelativeError(t))} / {CostCells.Percent(check.MaxRelativeError(t))}");
        return table + "mean / max relative error: " + string.Join(", ", summary) + Environment.NewLine;
    }
}
