using System.Globalization;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.SecureInference.Protocol;

namespace PiToolkit.Cli.Tests.Commands;

public sealed class CheckCostsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pitk-check-costs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // The known prices: each cost an exact non-negative linear function of the operation counts.
    private static double OfflineBytes(CostFeatures f) => 1_000 + 3.0 * f.Relus + 2.0 * f.AndGates + 50.0 * f.HeMultiplyPlain + 100.0 * f.Layers;
    private static double OnlineBytes(CostFeatures f) => 200 + 16.0 * f.Relus + 8.0 * f.Layers;
    private static double OfflineMs(CostFeatures f) => 40 + 1e-4 * f.AndGates + 0.02 * f.HeMultiplyPlain + 0.5 * f.HeRotations + 3 * f.Layers;
    private static double OnlineMs(CostFeatures f) => 2 + 0.004 * f.Relus + 0.5 * f.Layers;

    // A report with those costs, spread over layer rows the way pi run writes them (counts on offline
    // rows, distinct steps as layers).
    private string WriteReport(int index, Random random)
    {
        var f = new CostFeatures(random.Next(100, 20_000), random.Next(1_000, 2_000_000), random.Next(100, 50_000), random.Next(0, 600), random.Next(2, 20));
        LayerCost Row(int step, string phase, long bytes, long mp, long rot, long and) =>
            new(step, $"step{step}", "linear", phase, 1, 1, 0, bytes, mp, rot, and, 0);
        var rows = new List<LayerCost>
        {
            Row(-1, "session", 5_000, 0, 0, 0),
            Row(0, "offline", (long)OfflineBytes(f), f.HeMultiplyPlain, f.HeRotations, f.AndGates),
            Row(0, "online", (long)OnlineBytes(f), 0, 0, 0),
        };
        rows.AddRange(Enumerable.Range(1, f.Layers - 1).Select(step => Row(step, "offline", 0, 0, 0, 0)));
        var report = new SecureInferenceReport
        {
            Images = 1,
            Relus = (int)f.Relus,
            OfflineMs = OfflineMs(f),
            OnlineMs = OnlineMs(f),
            Layers = [.. rows],
        };
        string path = Path.Combine(_folder, $"net{index}.json");
        File.WriteAllText(path, report.ToJson());
        return path;
    }

    private static string[] Arguments(IEnumerable<string> reports) => ["bench", "check-costs", .. reports.SelectMany(r => (string[])["--report", r])];

    [Fact]
    public void Exact_linear_costs_are_predicted_without_error_for_every_left_out_report()
    {
        var random = new Random(3);
        var reports = Enumerable.Range(0, 9).Select(i => WriteReport(i, random)).ToList();

        var (code, stdout, error) = PitkRunner.Run(Arguments(reports));

        Assert.True(code == 0, error);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("net", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, rows.Count);
        foreach (string row in rows)
            Assert.Equal(4, row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(c => c == "0.0%"));
        Assert.Contains("mean / max relative error: offline_ms 0.0% / 0.0%, online_ms 0.0% / 0.0%, offline_bytes 0.0% / 0.0%, online_bytes 0.0% / 0.0%",
            stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_three_reports_is_one_line()
    {
        var random = new Random(4);
        var (code, _, error) = PitkRunner.Run(Arguments([WriteReport(0, random), WriteReport(1, random)]));
        Assert.Equal(1, code);
        Assert.Equal("pitk: error: --report given 2 time(s); the check needs at least 3 reports (two to fit, one to predict)", error.Trim());
    }

    [Fact]
    public void A_file_that_is_not_a_report_and_a_missing_file_are_one_line_each()
    {
        var random = new Random(5);
        string other = Path.Combine(_folder, "results.json");
        File.WriteAllText(other, "{\"points\": []}");
        var reports = Enumerable.Range(0, 3).Select(i => WriteReport(i, random)).ToList();

        var (code, _, error) = PitkRunner.Run(Arguments([.. reports, other]));
        Assert.Equal(1, code);
        Assert.Equal($"pitk: error: {other}: not a pi run report (no images, relus and layers fields)", error.Trim());

        string missing = Path.Combine(_folder, "missing.json");
        (code, _, error) = PitkRunner.Run(Arguments([.. reports, missing]));
        Assert.Equal(1, code);
        Assert.Equal($"pitk: error: {missing}: no such file", error.Trim());
    }

    [Fact]
    public void Published_figures_are_printed_under_the_named_report_and_an_unknown_name_is_refused()
    {
        var random = new Random(6);
        var reports = Enumerable.Range(0, 4).Select(i => WriteReport(i, random)).ToList();

        var (code, stdout, error) = PitkRunner.Run([.. Arguments(reports), "--published", "net2=58400,,6.04e9,362000000"]);
        Assert.True(code == 0, error);
        var lines = stdout.Split('\n');
        int net2 = Array.FindIndex(lines, l => l.StartsWith("net2 ", StringComparison.Ordinal));
        Assert.Equal(["net2", "(published)", "58,400", "-", "6,040.0", "362.0"], lines[net2 + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries));

        (code, _, error) = PitkRunner.Run([.. Arguments(reports), "--published", "resnet32=1,2,3,4"]);
        Assert.Equal(1, code);
        Assert.Equal("pitk: error: --published: no report is named 'resnet32'", error.Trim());
    }

    [Fact]
    public void Predict_prices_the_csv_configurations_from_all_reports_in_a_table_labelled_as_predictions()
    {
        var random = new Random(7);
        var reports = Enumerable.Range(0, 9).Select(i => WriteReport(i, random)).ToList();
        var big = new CostFeatures(180_000, 24_120_000, 18_258, 0, 52);
        string csv = Path.Combine(_folder, "predict.csv");
        File.WriteAllText(csv, UnmeasuredConfigurationsCsv.Header + "," + UnmeasuredConfigurationsCsv.PublishedHeader + "\n"
            + UnmeasuredConfigurationsCsv.FormatRow("big", big) + ",Delphi,332000,14400,,\n");

        var (code, stdout, error) = PitkRunner.Run([.. Arguments(reports), "--predict", csv]);

        Assert.True(code == 0, error);
        var lines = stdout.Split('\n');
        int title = Array.FindIndex(lines, l => l.StartsWith("Predicted, not measured: every cost fitted on all 9 reports", StringComparison.Ordinal));
        Assert.True(title > 0, stdout);
        int row = Array.FindIndex(lines, l => l.StartsWith("big (predicted) ", StringComparison.Ordinal));
        Assert.True(row > title, stdout);
        string Ms(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string Mb(double v) => (v / 1e6).ToString("N1", CultureInfo.InvariantCulture);
        Assert.Equal(["big", "(predicted)", "180,000", "24,120,000", "18,258", "0", "52",
            Ms(OfflineMs(big)), Ms(OnlineMs(big)), Mb(OfflineBytes(big)), Mb(OnlineBytes(big))], lines[row].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["big", "(published:", "Delphi)", "332,000", "14,400", "-", "-"], lines[row + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(lines[..title], l => l.StartsWith("big", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_predict_file_is_one_line_naming_it()
    {
        var random = new Random(8);
        var reports = Enumerable.Range(0, 3).Select(i => WriteReport(i, random)).ToList();
        string csv = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(csv, "name,relus\n");

        var (code, _, error) = PitkRunner.Run([.. Arguments(reports), "--predict", csv]);

        Assert.Equal(1, code);
        Assert.StartsWith($"pitk: error: {csv}: the first line must be", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
