using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Runs the two-party protocol (client and server over loopback) on a model's <c>.pim</c> file for
/// <see cref="Store.BenchSettings"/>' image count and reports accuracy and costs. The secure-inference
/// protocol (issue 10) implements this; one instance per worker owns that worker's SEAL runtime.
/// </summary>
public interface IProtocolMeasurer
{
    /// <summary>Measures <paramref name="variant"/> on the first <c>context.Settings.Images</c> test images.</summary>
    /// <exception cref="PointFailedException">The model cannot run under the protocol for a reason worth recording (e.g. no headroom in the field).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    ValueTask<ProtocolMeasurement> MeasureAsync(ModelVariant variant, PointContext context, CancellationToken cancellationToken);
}
