using PiToolkit.Bench.Sweeps.Analysis;
using PiToolkit.Bench.Sweeps.Reporting;
using ScottPlot;

namespace PiToolkit.Bench.Sweeps.Plots;

/// <summary>
/// The benchmark's pictures, per model: accuracy against ReLUs (log axis), against online latency and
/// against total communication, once with the protocol's accuracy on the measured images and once with
/// the float model's on the whole test set. One series per method at its seeds' mean, with mean ± std
/// error bars, and the Pareto front of all methods drawn over them. Each as PNG and SVG.
/// </summary>
public static class BenchPlots
{
    /// <summary>Width of every picture in pixels.</summary>
    public const int Width = 900;
    /// <summary>Height of every picture in pixels.</summary>
    public const int Height = 600;

    /// <summary>Writes the pictures of every model in <paramref name="summaries"/> to <paramref name="folder"/>.</summary>
    /// <returns>The files written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<ConfigurationSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(summaries);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var model in summaries.GroupBy(s => s.Model))
            foreach (var accuracy in AccuracyAxis.All)
            foreach (var axis in CostAxis.All)
            {
                using var plot = Create(model.Key, [.. model], accuracy, axis);
                string stem = Path.Combine(folder, $"{model.Key}-{accuracy.Key}-vs-{axis.Key}");
                plot.SavePng(stem + ".png", Width, Height);
                plot.SaveSvg(stem + ".svg", Width, Height);
                files.Add(stem + ".png");
                files.Add(stem + ".svg");
            }
        return files;
    }

    private static Plot Create(string model, IReadOnlyList<ConfigurationSummary> summaries, AccuracyAxis accuracy, CostAxis axis)
    {
        // ReLU counts span 0 to tens of thousands, and 0 (fully linear) is a point worth seeing: the axis
        // is log10(1 + ReLUs), which is log10(ReLUs) to within 0.5 % from 100 up and puts 0 at 0.
        bool log = axis == CostAxis.Relus;
        double X(ConfigurationSummary s) => log ? Math.Log10(1 + axis.Value(s).Mean) : axis.Value(s).Mean * axis.Scale;

        var plot = new Plot();
        plot.Font.Set("DejaVu Sans"); // falls back to the platform default where it is missing
        // The front goes in first, wide and pale, so the method series stay readable on top of it and
        // a method that is the front still shows the front beneath it.
        var front = axis.Front(summaries, accuracy).OrderBy(X).ToList();
        if (front.Count > 0)
        {
            var line = plot.Add.Scatter(front.Select(X).ToArray(), front.Select(s => accuracy.Value(s).Mean * 100).ToArray(), Colors.Gray.WithAlpha(0.45));
            line.LegendText = "Pareto front (all methods)";
            line.LineWidth = 7;
            line.MarkerShape = MarkerShape.OpenCircle;
            line.MarkerSize = 18;
            line.MarkerLineWidth = 2;
        }
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var method in summaries.GroupBy(s => s.Method))
        {
            var points = method.OrderBy(X).ToList();
            double[] xs = [.. points.Select(X)];
            double[] ys = [.. points.Select(s => accuracy.Value(s).Mean * 100)];
            double[] errors = [.. points.Select(s => accuracy.Value(s).Std * 100)];
            var color = palette.GetColor(index++);
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = color;
            var series = plot.Add.Scatter(xs, ys, color);
            series.LegendText = method.Key;
            series.LineWidth = 1.5f;
            series.MarkerSize = 7;
        }

        if (log) plot.Axes.Bottom.TickGenerator = LogTicks(summaries.Max(s => axis.Value(s).Mean));
        plot.Title($"{model}: {accuracy.Title} vs {axis.Title}");
        plot.XLabel(log ? "ReLUs (log scale)" : axis.Label);
        plot.YLabel(accuracy.Label);
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
        return plot;
    }

    // Ticks at 0, 1, 10, 100, … labelled with the ReLU count, placed at log10(1 + count).
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double largest)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        ticks.AddMajor(0, "0");
        for (double decade = 1; decade <= Math.Max(10, largest * 10); decade *= 10)
        {
            ticks.AddMajor(Math.Log10(1 + decade), decade.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            for (int k = 2; k < 10; k++) ticks.AddMinor(Math.Log10(1 + k * decade));
        }
        return ticks;
    }
}
