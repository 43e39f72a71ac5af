using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Computes one benchmark point: trains or reuses the model for the point's method, budget and seed,
/// exports it, runs the two-party protocol on the test images and returns what was measured. This is
/// where training, linearization, pruning and the protocol plug into <c>pitk bench pi</c>.
/// </summary>
/// <remarks>
/// One instance serves one worker (see <see cref="IPointEvaluatorFactory"/>), so it may hold a
/// runtime that is not thread-safe (a SEAL instance, a libtorch thread setting) and is called for one
/// point at a time. If it implements <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/> the
/// runner disposes it when its worker ends.
/// </remarks>
public interface IPointEvaluator
{
    /// <summary>Computes the point <paramref name="context"/> names.</summary>
    /// <exception cref="PointFailedException">The point yields no measurement for a reason worth recording (e.g. training diverged); the run goes on.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the point is not recorded and a rerun computes it.</exception>
    /// <remarks>Any other exception is a bug: the run stops, keeping the points finished so far.</remarks>
    ValueTask<PointMeasurement> EvaluateAsync(PointContext context, CancellationToken cancellationToken);
}
