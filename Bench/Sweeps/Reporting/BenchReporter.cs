using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Bench.Sweeps.Plots;
using PiToolkit.Bench.Sweeps.Store;
using PiToolkit.ModelFormat.IO;

namespace PiToolkit.Bench.Sweeps.Reporting;

/// <summary>
/// Writes a run folder's reports from its point store alone: <c>results.csv</c>, <c>results.json</c>,
/// <c>results.md</c> and <c>plots/</c>. Runs after every benchmark run and on its own
/// (<c>pitk bench report</c>), so reports can be regenerated without measuring anything again.
/// </summary>
public static class BenchReporter
{
    /// <summary>CSV file name.</summary>
    public const string CsvFile = "results.csv";
    /// <summary>JSON file name.</summary>
    public const string JsonFile = "results.json";
    /// <summary>Markdown file name.</summary>
    public const string MarkdownFile = "results.md";
    /// <summary>Folder of the plots.</summary>
    public const string PlotsFolder = "plots";

    /// <summary>Writes the reports of <paramref name="store"/> into its folder.</summary>
    /// <param name="store">The run folder.</param>
    /// <param name="unmeasured">Configurations the cost model should price.</param>
    /// <param name="options">The cost model's split.</param>
    /// <returns>The report written.</returns>
    /// <exception cref="PointStoreException">The folder has no point records, or a record is unreadable.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static BenchReport Write(PointStore store, IEnumerable<UnmeasuredConfiguration>? unmeasured = null, CostModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var points = store.LoadAll();
        if (points.Count == 0)
            throw new PointStoreException($"{store.Folder}: no finished points (nothing under {PointStore.PointsFolderName}/)");
        var manifest = store.ReadManifest();
        // The machine that measured, not the one writing the report, is what the figures depend on.
        var report = BenchReport.Create(points, manifest?.Machine ?? MachineInfo.Current(), manifest?.Settings, unmeasured, options);
        AtomicFile.WriteAllText(Path.Combine(store.Folder, CsvFile), ResultsCsv.Format(points));
        AtomicFile.WriteAllText(Path.Combine(store.Folder, JsonFile), ResultsJson.Format(report));
        AtomicFile.WriteAllText(Path.Combine(store.Folder, MarkdownFile), ResultsMarkdown.Format(report));
        BenchPlots.Write(Path.Combine(store.Folder, PlotsFolder), report.Configurations);
        return report;
    }
}
