using System.Globalization;
using PiToolkit.Bench.Sweeps.CostModel;

namespace PiToolkit.Cli.Commands;

/// <summary>How <c>pitk bench check-costs</c>' tables write a cost: milliseconds whole, bytes in MB, errors in percent.</summary>
internal static class CostCells
{
    /// <summary>The table reads offline before online, as pi run's report does.</summary>
    public static readonly CostTarget[] Columns = [CostTarget.OfflineMs, CostTarget.OnlineMs, CostTarget.OfflineBytes, CostTarget.OnlineBytes];

    public static string Value(CostTarget target, double value) => target is CostTarget.OfflineBytes or CostTarget.OnlineBytes
        ? (value / 1e6).ToString("N1", CultureInfo.InvariantCulture)
        : value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A figure that may be missing (a paper's, or a target that could not be fitted): "-" then.</summary>
    public static string Optional(CostTarget target, double? value) => value is { } v ? Value(target, v) : "-";

    public static string Percent(double? error) => error is { } e ? e.ToString("P1", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal) : "-";

    /// <summary>A paper's figure for <paramref name="target"/>, or null where it gives none.</summary>
    public static double? Of(CostTarget target, PublishedCosts paper) =>
        Pick(target, paper.OfflineMs, paper.OnlineMs, paper.OfflineBytes, paper.OnlineBytes);

    /// <summary>A prediction's figure for <paramref name="target"/>, or null where it could not be fitted.</summary>
    public static double? Of(CostTarget target, CostPrediction prediction) =>
        Pick(target, prediction.OfflineMs, prediction.OnlineMs, prediction.OfflineBytes, prediction.OnlineBytes);

    private static double? Pick(CostTarget target, double? offlineMs, double? onlineMs, double? offlineBytes, double? onlineBytes) => target switch
    {
        CostTarget.OfflineMs => offlineMs,
        CostTarget.OnlineMs => onlineMs,
        CostTarget.OfflineBytes => offlineBytes,
        _ => onlineBytes,
    };
}
