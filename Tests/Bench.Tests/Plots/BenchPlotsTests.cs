using PiToolkit.Bench.Sweeps.Plots;
using PiToolkit.Bench.Tests.Reporting;
using SkiaSharp;

namespace PiToolkit.Bench.Tests.Plots;

public class BenchPlotsTests
{
    [Fact]
    public void Three_plots_per_model_and_accuracy_are_written_as_png_and_svg()
    {
        using var temp = new TempFolder();
        var files = BenchPlots.Write(temp.Path, ReportSamples.Report().Configurations);
        string[] expected = [.. from model in new[] { "lenet5", "minionn" }
                                from accuracy in new[] { "accuracy", "test-accuracy" }
                                from cost in new[] { "relus", "online-latency", "communication" }
                                from ext in new[] { "png", "svg" }
                                select Path.Combine(temp.Path, $"{model}-{accuracy}-vs-{cost}.{ext}")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public void A_png_decodes_at_the_stated_size_and_is_not_blank()
    {
        using var temp = new TempFolder();
        BenchPlots.Write(temp.Path, ReportSamples.Report().Configurations);
        using var bitmap = SKBitmap.Decode(Path.Combine(temp.Path, "lenet5-accuracy-vs-relus.png"));
        Assert.NotNull(bitmap);
        Assert.Equal((BenchPlots.Width, BenchPlots.Height), (bitmap.Width, bitmap.Height));
        // Series colours, text and the front: a blank or one-colour image has a handful at most.
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3) colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 20, $"{colours.Count} colours");
    }

    [Fact]
    public void An_svg_names_every_method_and_the_front()
    {
        using var temp = new TempFolder();
        BenchPlots.Write(temp.Path, ReportSamples.Report().Configurations);
        string svg = File.ReadAllText(Path.Combine(temp.Path, "lenet5-accuracy-vs-online-latency.svg"));
        Assert.StartsWith("<?xml", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.True(svg.Length > 5_000, $"{svg.Length} characters");
    }
}
