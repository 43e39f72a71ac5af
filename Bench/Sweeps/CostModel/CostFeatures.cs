using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>
/// What the cost model prices: the operation counts of one inference, known from the model and the
/// protocol's plan without running it, so a model too large to run here can still be priced.
/// </summary>
/// <param name="Relus">ReLUs kept.</param>
/// <param name="AndGates">AND gates garbled.</param>
/// <param name="HeMultiplyPlain">HE ciphertext-plaintext multiplications.</param>
/// <param name="HeRotations">HE rotations.</param>
/// <param name="Layers">Protocol layers (each a round trip).</param>
public sealed record CostFeatures(long Relus, long AndGates, long HeMultiplyPlain, long HeRotations, int Layers)
{
    /// <summary>Names of the model's terms, in <see cref="ToVector"/> order: a constant, then the counts.</summary>
    public static IReadOnlyList<string> TermNames { get; } = ["constant", "relus", "and_gates", "he_multiply_plain", "he_rotations", "layers"];

    /// <summary>The features of a measured point.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="measurement"/> is null.</exception>
    public static CostFeatures Of(PointMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return Of(measurement.Variant.Relus, measurement.Protocol);
    }

    /// <summary>The features of a protocol run on a model with <paramref name="relus"/> ReLUs (e.g. one <c>pitk pi run</c> report).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="protocol"/> is null.</exception>
    public static CostFeatures Of(long relus, ProtocolMeasurement protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return new CostFeatures(relus, protocol.AndGates, protocol.HeMultiplyPlain, protocol.HeRotations, protocol.Layers);
    }

    /// <summary>The regression row: 1 (fixed cost per inference), then each count.</summary>
    public double[] ToVector() => [1, Relus, AndGates, HeMultiplyPlain, HeRotations, Layers];
}
