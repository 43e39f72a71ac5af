namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>Makes one <see cref="IPointEvaluator"/> per worker, so that each worker owns its runtimes.</summary>
public interface IPointEvaluatorFactory
{
    /// <summary>The evaluator for worker <paramref name="worker"/> (0-based); called once per worker, from that worker.</summary>
    IPointEvaluator CreateWorker(int worker);
}
