using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Told what a run is doing. Workers call it concurrently, so implementations synchronise; calls are
/// rare (a few per point), so a lock is cheap.
/// </summary>
public interface IBenchProgress
{
    /// <summary>The run starts: <paramref name="total"/> points asked for, <paramref name="alreadyFinished"/> of them recorded earlier.</summary>
    void RunStarted(int total, int alreadyFinished, int workers);

    /// <summary>Worker <paramref name="worker"/> starts <paramref name="key"/>.</summary>
    void PointStarted(int worker, BenchPointKey key);

    /// <summary>The point on worker <paramref name="worker"/> enters <paramref name="phase"/>.</summary>
    void PhaseChanged(int worker, BenchPointKey key, string phase);

    /// <summary>Worker <paramref name="worker"/> recorded <paramref name="point"/>.</summary>
    void PointFinished(int worker, BenchPoint point);

    /// <summary>The run ended (finished, cancelled or failed).</summary>
    void RunEnded();
}
