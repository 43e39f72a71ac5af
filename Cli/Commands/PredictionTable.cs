using System.Globalization;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Cli.Infrastructure;

namespace PiToolkit.Cli.Commands;

/// <summary>
/// <c>pitk bench check-costs --predict</c>'s table: priced configurations in a table of their own,
/// titled as predictions and each name suffixed "(predicted)", so no row can be read as a measurement;
/// a paper's figures, where the CSV gives them, on the row beneath.
/// </summary>
internal static class PredictionTable
{
    public static string Format(IReadOnlyList<CostPrediction> predictions, int reports)
    {
        var table = new TextTable("configuration", "ReLUs", "AND gates", "mul_plain", "rotations", "layers",
            "offline ms", "online ms", "offline MB", "online MB");
        foreach (var p in predictions)
        {
            var f = p.Features;
            table.Add([$"{p.Name} (predicted)", N(f.Relus), N(f.AndGates), N(f.HeMultiplyPlain), N(f.HeRotations), N(f.Layers),
                .. CostCells.Columns.Select(t => CostCells.Optional(t, CostCells.Of(t, p)))]);
            if (p.Published is { } paper)
                table.Add([$"  {p.Name} (published: {paper.Source})", "", "", "", "", "",
                    .. CostCells.Columns.Select(t => CostCells.Optional(t, CostCells.Of(t, paper)))]);
        }
        return $"Predicted, not measured: every cost fitted on all {reports} reports (expect the leave-one-out error above){Environment.NewLine}"
            + table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
