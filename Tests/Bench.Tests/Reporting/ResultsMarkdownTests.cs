using PiToolkit.Bench.Sweeps.Reporting;

namespace PiToolkit.Bench.Tests.Reporting;

public class ResultsMarkdownTests
{
    private static readonly string Text = ResultsMarkdown.Format(ReportSamples.Report());

    [Fact]
    public void There_is_one_table_per_model()
    {
        Assert.Contains("## lenet5\n", Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("## minionn\n", Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(2, Text.Split("| method | budget | seeds |").Length - 1);
    }

    [Fact]
    public void Rows_show_mean_and_std_over_seeds_and_the_failures()
    {
        // snl at 300: accuracies 0.70 + 0.08·log10(300) + 0.01 and + 0.02 = 0.9082 and 0.9182 → 91.32 ± 0.71 %.
        var row = Text.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("| snl | 300 |", StringComparison.Ordinal));
        Assert.Contains("| 2 | 91.32 ± 0.71 |", row, StringComparison.Ordinal);
        // The float model's whole-test-set accuracy (0.971 in every sample) has its own column.
        Assert.Contains("| 97.10 ± 0.00 |", row, StringComparison.Ordinal);
        Assert.Contains("| random | 30 | 2 (+1 failed) |", Text, StringComparison.Ordinal);
        Assert.Contains("- lenet5 random 30, seed 3: training diverged in epoch 2", Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeds_that_fail_alike_share_one_line()
    {
        var points = ReportSamples.Points().Concat([Samples.Failed("snl", 3_000, 5), Samples.Failed("snl", 3_000, 4)]).ToList();
        string text = ResultsMarkdown.Format(BenchReport.Create(points, ReportSamples.Machine, Samples.Settings(), []));
        Assert.Single(text.Split('\n'), l => l.StartsWith("- lenet5 snl 3000", StringComparison.Ordinal));
        Assert.Contains("- lenet5 snl 3000, seeds 4, 5: training diverged in epoch 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_most_accurate_configuration_is_on_the_relu_front_and_dominated_ones_are_not()
    {
        var lines = Text.ReplaceLineEndings("\n").Split('\n');
        string Front(string prefix) => lines.Single(l => l.StartsWith(prefix, StringComparison.Ordinal)).TrimEnd(' ', '|').Split('|').Last().Trim();
        Assert.Contains('R', Front("| snl | 3000 |"));
        // random at 300 has snl at 300's ReLUs and lower accuracy.
        Assert.DoesNotContain('R', Front("| random | 300 |"));
    }

    [Fact]
    public void The_cost_model_and_its_predictions_are_labelled_as_such()
    {
        Assert.Contains("## Cost model", Text, StringComparison.Ordinal);
        Assert.Contains("| online_ms |", Text, StringComparison.Ordinal);
        Assert.Contains("### Predicted, not measured", Text, StringComparison.Ordinal);
        Assert.Contains("| resnet18 snl 50000 (predicted) |", Text, StringComparison.Ordinal);
        // The paper's figures sit on the next line; a figure it does not give shows as a dash.
        var lines = Text.ReplaceLineEndings("\n").Split('\n').ToList();
        int predicted = lines.FindIndex(l => l.StartsWith("| resnet18 snl 50000 (predicted) |", StringComparison.Ordinal));
        Assert.Equal("| resnet18 snl 50000 (published: Paper, Table 1) | | | | | | 58400.0 | 8300.0 | 6040.0 | — |", lines[predicted + 1]);
    }
}
