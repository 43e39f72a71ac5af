using System.Globalization;
using PiToolkit.Models.Census;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>Prints a <see cref="CensusReport"/> as the per-site table <c>pitk info</c> and <c>pitk train</c> show.</summary>
public static class CensusPrinter
{
    /// <summary>Writes the census to <paramref name="output"/>.</summary>
    public static void Print(CensusReport census, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(census);
        ArgumentNullException.ThrowIfNull(output);
        var table = new TextTable("site", "shape", "ReLUs");
        foreach (var site in census.Sites)
            table.Add(site.Name, Shape(site.Shape), site.Relus.ToString("N0", CultureInfo.InvariantCulture));
        output.Write(table.ToString());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total: {census.TotalRelus:N0} ReLUs over {census.Sites.Count} sites for a {Shape(census.InputShape)} input; {census.Parameters:N0} parameters; {census.Macs:N0} MACs"));
        if (census.MaxPools.Count > 0)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"max pooling: {census.TotalMaxPoolComparisons:N0} secure comparisons in {census.MaxPools.Count} layers (use --pooling avg for the linear variant)"));
    }

    /// <summary>Formats a shape as C×H×W.</summary>
    public static string Shape(long[] shape) => string.Join('×', shape);
}
