using PiToolkit.Bench.Sweeps.Analysis;
using PiToolkit.Bench.Sweeps.CostModel;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Sweeps.Reporting;

/// <summary>Everything <c>results.json</c> holds; the CSV, Markdown and plots are views of it.</summary>
/// <param name="SchemaVersion">Version of this layout; readers refuse others.</param>
/// <param name="GeneratedUtc">When the report was written.</param>
/// <param name="Machine">Where the points were measured.</param>
/// <param name="Settings">What the run was asked to do, if the run folder records it.</param>
/// <param name="Points">Every recorded point, measured or failed.</param>
/// <param name="Configurations">Measured points summarized over seeds.</param>
/// <param name="CostModel">The cost model and its predictions.</param>
public sealed record BenchReport(int SchemaVersion, DateTime GeneratedUtc, MachineInfo Machine, BenchSettings? Settings,
    IReadOnlyList<BenchPoint> Points, IReadOnlyList<ConfigurationSummary> Configurations, CostModelReport CostModel)
{
    /// <summary>The layout version this code writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Builds the report of <paramref name="points"/>, fitting the cost model and predicting <paramref name="unmeasured"/>.</summary>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public static BenchReport Create(IReadOnlyList<BenchPoint> points, MachineInfo machine, BenchSettings? settings,
        IEnumerable<UnmeasuredConfiguration>? unmeasured = null, CostModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(machine);
        return new BenchReport(CurrentSchemaVersion, DateTime.UtcNow, machine, settings, points, ConfigurationSummary.Of(points),
            CostModelFitter.Build(points, unmeasured ?? [], options));
    }
}
