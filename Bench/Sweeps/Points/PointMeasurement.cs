namespace PiToolkit.Bench.Sweeps.Points;

/// <summary>Everything measured for one point: the model as built, and the protocol run on it.</summary>
/// <param name="Variant">The model: accuracy in the float, ReLUs, parameters, MACs.</param>
/// <param name="Protocol">The two-party run: accuracy from its outputs, operations, latency, bytes.</param>
public sealed record PointMeasurement(ModelVariant Variant, ProtocolMeasurement Protocol);
