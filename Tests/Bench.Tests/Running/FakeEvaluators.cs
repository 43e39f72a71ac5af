using System.Collections.Concurrent;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;

namespace PiToolkit.Bench.Tests.Running;

/// <summary>
/// A test evaluator factory: returns a measurement made from the key, records which points it computed,
/// and lets a test inject a behaviour per call (cancel, fail, throw) by call number.
/// </summary>
internal sealed class FakeEvaluators : IPointEvaluatorFactory, IModelIdentity
{
    private int _calls;

    public ConcurrentBag<BenchPointKey> Evaluated { get; } = [];

    /// <summary>How many times a point was evaluated, retries included.</summary>
    public int Calls => Volatile.Read(ref _calls);
    public ConcurrentBag<int> Created { get; } = [];
    public ConcurrentBag<int> Disposed { get; } = [];

    /// <summary>Called with the 1-based call number before the point is measured.</summary>
    public Func<int, PointContext, CancellationToken, Task>? Before { get; init; }

    /// <summary>Names the model a point builds; null (the default) gives every point its own.</summary>
    public Func<BenchPointKey, string?>? Identity { get; init; }

    public string? ModelIdentity(BenchPointKey key) => Identity?.Invoke(key);

    public IPointEvaluator CreateWorker(int worker)
    {
        Created.Add(worker);
        return new Evaluator(this, worker);
    }

    private sealed class Evaluator(FakeEvaluators owner, int worker) : IPointEvaluator, IDisposable
    {
        public async ValueTask<PointMeasurement> EvaluateAsync(PointContext context, CancellationToken cancellationToken)
        {
            int call = Interlocked.Increment(ref owner._calls);
            Assert.Equal(worker, context.Worker);
            Assert.True(Directory.Exists(context.WorkFolder));
            context.ReportPhase("train");
            if (owner.Before is { } before) await before(call, context, cancellationToken);
            context.ReportPhase("protocol");
            owner.Evaluated.Add(context.Key);
            return Samples.Measurement(context.Key.Budget.Relus ?? 10_000, 0.9 + context.Key.Seed / 100.0);
        }

        public void Dispose() => owner.Disposed.Add(worker);
    }
}
