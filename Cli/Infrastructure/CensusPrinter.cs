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
        bool linearized = census.TotalRelus != census.TotalCapacity;
        var table = linearized ? new TextTable("site", "shape", "ReLUs", "of") : new TextTable("site", "shape", "ReLUs");
        foreach (var site in census.Sites)
            table.Add(site.Name, Shape(site.Shape), N(site.Relus), linearized ? N(site.Capacity) : null);
        output.Write(table.ToString());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total: {census.TotalRelus:N0} ReLUs over {census.Sites.Count} sites for a {Shape(census.InputShape)} input; {census.Parameters:N0} parameters; {census.Macs:N0} MACs"));
        if (linearized)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"linearized: {census.TotalCapacity - census.TotalRelus:N0} of {census.TotalCapacity:N0} ReLUs replaced by the identity"));
        if (census.MaxPools.Count > 0)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"max pooling: {census.TotalMaxPoolComparisons:N0} secure comparisons in {census.MaxPools.Count} layers (use --pooling avg for the linear variant)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"nonlinear operations: {census.TotalNonlinear:N0} ({census.TotalRelus:N0} ReLUs + {census.TotalMaxPoolComparisons:N0} max-pool comparisons)"));
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Formats a shape as C×H×W.</summary>
    public static string Shape(long[] shape) => string.Join('×', shape);
}
