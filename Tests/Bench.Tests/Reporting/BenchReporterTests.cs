using PiToolkit.Bench.Sweeps.Reporting;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests.Reporting;

public class BenchReporterTests
{
    [Fact]
    public void A_point_store_alone_regenerates_every_file()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        store.Begin(new RunManifest(Samples.Settings(), ReportSamples.Machine, DateTime.UtcNow));
        foreach (var point in ReportSamples.Points()) store.Save(point);

        var report = BenchReporter.Write(store);

        Assert.Equal(ReportSamples.Machine, report.Machine); // the measuring machine, from run.json
        foreach (string file in new[] { BenchReporter.CsvFile, BenchReporter.JsonFile, BenchReporter.MarkdownFile })
            Assert.True(new FileInfo(Path.Combine(temp.Path, file)).Length > 100, file);
        Assert.Equal(ReportSamples.Points().Count + 1, File.ReadAllLines(Path.Combine(temp.Path, BenchReporter.CsvFile)).Length);
        // Two models × two accuracies × three costs × PNG and SVG.
        Assert.Equal(24, Directory.GetFiles(Path.Combine(temp.Path, BenchReporter.PlotsFolder)).Length);
        Assert.Equal(report.Points.Count, ResultsJson.Parse(File.ReadAllText(Path.Combine(temp.Path, BenchReporter.JsonFile))).Points.Count);
    }

    [Fact]
    public void An_empty_store_is_an_error_naming_the_folder()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<PointStoreException>(() => BenchReporter.Write(new PointStore(temp.Path)));
        Assert.Contains(temp.Path, e.Message, StringComparison.Ordinal);
    }
}
