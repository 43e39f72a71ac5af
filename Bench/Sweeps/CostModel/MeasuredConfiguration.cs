using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>One configuration that was run under the protocol (e.g. one <c>pitk pi run</c> report), to check the cost model on.</summary>
/// <param name="Name">How tables name it.</param>
/// <param name="Relus">ReLUs the model kept.</param>
/// <param name="Protocol">What the run measured: operation counts, latency, bytes.</param>
public sealed record MeasuredConfiguration(string Name, long Relus, ProtocolMeasurement Protocol)
{
    /// <summary>Its operation counts, as the cost model sees them.</summary>
    public CostFeatures Features => CostFeatures.Of(Relus, Protocol);
}
