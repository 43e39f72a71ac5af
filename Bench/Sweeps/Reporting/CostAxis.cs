using PiToolkit.Bench.Sweeps.Analysis;

namespace PiToolkit.Bench.Sweeps.Reporting;

/// <summary>A cost that accuracy is traded against, as the tables' front column and the plots use it.</summary>
/// <param name="Key">File-name part and short name.</param>
/// <param name="Letter">The letter marking the Pareto front in tables.</param>
/// <param name="Title">The cost in a plot title.</param>
/// <param name="Label">Axis label.</param>
/// <param name="Value">The cost of a configuration.</param>
/// <param name="Scale">Factor from the stored unit to the axis unit.</param>
internal sealed record CostAxis(string Key, char Letter, string Title, string Label, Func<ConfigurationSummary, MeanStd> Value, double Scale)
{
    public static CostAxis Relus { get; } = new("relus", 'R', "ReLUs", "ReLUs", s => s.Relus, 1);
    public static CostAxis OnlineLatency { get; } = new("online-latency", 'L', "online latency", "Online latency per inference (ms)", s => s.OnlineMs, 1);
    public static CostAxis Communication { get; } = new("communication", 'C', "communication", "Communication per inference, both phases (MB)", s => s.TotalBytes, 1e-6);

    public static IReadOnlyList<CostAxis> All { get; } = [Relus, OnlineLatency, Communication];

    /// <summary>The configurations on this cost's Pareto front (means over seeds), for the protocol's accuracy unless <paramref name="accuracy"/> says otherwise.</summary>
    public IReadOnlyList<ConfigurationSummary> Front(IEnumerable<ConfigurationSummary> summaries, AccuracyAxis? accuracy = null)
    {
        var y = (accuracy ?? AccuracyAxis.Protocol).Value;
        return ParetoFront.Of(summaries, s => y(s).Mean, s => Value(s).Mean);
    }
}
