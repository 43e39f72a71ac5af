using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Runs the points of a benchmark that the point store does not hold yet, on parallel workers, each
/// with its own evaluator, recording each point the moment it finishes. Points that build the same
/// model (<see cref="IModelIdentity"/>) are computed once and the others repeat that record.
/// </summary>
/// <remarks>
/// Points, not the work inside one, are what runs in parallel: a point (train, export, protocol) is
/// long and mostly single-threaded, and independent points need no coordination. Each worker owns its
/// evaluator for its whole life, so per-worker runtimes (one SEAL instance each) are made once.
/// </remarks>
public static class BenchRunner
{
    /// <summary>How many times a point is tried when a native library fails inside it (<see cref="ExternalException"/>) before it is recorded as failed.</summary>
    public const int NativeErrorAttempts = 2;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>Runs every point of <paramref name="settings"/> (see <see cref="BenchSettings.Points"/>).</summary>
    /// <inheritdoc cref="RunAsync(PointStore, BenchSettings, IReadOnlyList{BenchPointKey}, IPointEvaluatorFactory, IBenchProgress?, CancellationToken)"/>
    public static Task<BenchRunSummary> RunAsync(PointStore store, BenchSettings settings, IPointEvaluatorFactory evaluators,
        IBenchProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return RunAsync(store, settings, settings.Points(), evaluators, progress, cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="settings"/> in the store, then computes each of <paramref name="points"/>
    /// not yet recorded with <see cref="BenchSettings.Workers"/> workers, and records it.
    /// </summary>
    /// <returns>How many points were skipped, measured and failed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="points"/> names a point twice.</exception>
    /// <exception cref="PointStoreException">The store holds a run that is not comparable with <paramref name="settings"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; points finished so far are recorded.</exception>
    /// <remarks>
    /// A native library's error (<see cref="ExternalException"/>) makes the worker try the point again,
    /// and after <see cref="NativeErrorAttempts"/> tries records it as failed. Any other evaluator
    /// exception than <see cref="PointFailedException"/> stops the other workers and is rethrown once
    /// they have stopped; points they finished are recorded.
    /// </remarks>
    public static async Task<BenchRunSummary> RunAsync(PointStore store, BenchSettings settings, IReadOnlyList<BenchPointKey> points,
        IPointEvaluatorFactory evaluators, IBenchProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(evaluators);
        if (points.GroupBy(p => p.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"point {twice.Key} is listed twice", nameof(points));
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Workers, 1, nameof(settings));

        store.Begin(new RunManifest(settings, MachineInfo.Current(), DateTime.UtcNow));
        var identity = evaluators as IModelIdentity;
        var models = new ModelsComputed(identity, store);
        var pending = new ConcurrentQueue<BenchPointKey>(models.OriginalsFirst(points.Where(p => !store.IsFinished(p))));
        int skipped = points.Count - pending.Count;
        int workers = Math.Max(1, Math.Min(settings.Workers, pending.Count));
        progress?.RunStarted(points.Count, skipped, workers);

        int measured = 0, failed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task WorkAsync(int worker)
        {
            IPointEvaluator? evaluator = null;
            try
            {
                // Made up front, not on the first point: a worker's runtimes exist for the worker's whole
                // life, which is what "one SEAL runtime per worker" means to whoever sizes memory.
                evaluator = evaluators.CreateWorker(worker) ?? throw new InvalidOperationException("the evaluator factory returned null");
                while (!stop.IsCancellationRequested && pending.TryDequeue(out var key))
                {
                    progress?.PointStarted(worker, key);
                    var clock = Stopwatch.StartNew();
                    var (original, computing) = models.Claim(key);
                    BenchPoint point;
                    if (original is not null)
                    {
                        progress?.PhaseChanged(worker, key, "same model as an earlier point");
                        var source = await original.WaitAsync(stop.Token).ConfigureAwait(false);
                        point = source with { Key = key, Seconds = clock.Elapsed.TotalSeconds, FinishedUtc = DateTime.UtcNow, SameModelAs = source.SameModelAs ?? source.Key.Id };
                    }
                    else
                    {
                        try
                        {
                            point = await ComputeAsync(evaluator, key, worker, clock).ConfigureAwait(false);
                        }
                        catch (Exception e)
                        {
                            computing?.TrySetException(e);
                            throw;
                        }
                        computing?.TrySetResult(point);
                    }
                    store.Save(point);
                    Interlocked.Increment(ref point.Succeeded ? ref measured : ref failed);
                    progress?.PointFinished(worker, point);
                }
            }
            catch
            {
                // One worker's bug (or Ctrl-C) stops the others at their next cancellation check.
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                if (evaluator is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else if (evaluator is IDisposable disposable) disposable.Dispose();
            }
        }

        async Task<BenchPoint> ComputeAsync(IPointEvaluator evaluator, BenchPointKey key, int worker, Stopwatch clock)
        {
            var context = new PointContext(key, settings, store.WorkFolder(key), worker, phase => progress?.PhaseChanged(worker, key, phase));
            PointMeasurement? measurement = null;
            string? failure = null;
            for (int attempt = 1; measurement is null && failure is null; attempt++)
            {
                try
                {
                    measurement = await evaluator.EvaluateAsync(context, stop.Token).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"the evaluator returned no measurement for {key}");
                }
                catch (PointFailedException e)
                {
                    failure = e.Message;
                }
                catch (ExternalException e) when (!stop.IsCancellationRequested)
                {
                    // A native library's error (libtorch raised an internal assertion once in a hundred
                    // training runs, and not again on the same point) says nothing about the method, so
                    // one retry tells a transient fault from a repeatable one; a repeatable one fails
                    // this point alone rather than hours of finished and pending work.
                    if (attempt >= NativeErrorAttempts)
                        failure = $"native error in {attempt} attempts: {FirstLine(e.Message)}";
                    else
                        progress?.PhaseChanged(worker, key, "retrying after a native error");
                }
            }
            return new BenchPoint(key, measurement, failure, clock.Elapsed.TotalSeconds, DateTime.UtcNow);
        }

        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w), CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            // Task.WhenAll reports the first task's exception by position, which may be a worker that
            // was merely cancelled because another failed: report the failure that caused the stop.
            var errors = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList();
            var cause = errors.FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null) ExceptionDispatchInfo.Throw(cause);
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        finally
        {
            progress?.RunEnded();
        }
        return new BenchRunSummary(points.Count, skipped, measured, failed);
    }
}
