using System.Runtime.InteropServices;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Tests.Running;

public class BenchRunnerTests
{
    [Fact]
    public async Task A_complete_run_records_every_point_once()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var settings = Samples.Settings(workers: 2);
        var evaluators = new FakeEvaluators();

        var summary = await BenchRunner.RunAsync(store, settings, evaluators);

        Assert.Equal(new BenchRunSummary(12, 0, 12, 0), summary);
        Assert.Equal(settings.Points().Select(p => p.Id).Order(StringComparer.Ordinal), store.LoadAll().Select(p => p.Key.Id));
        Assert.Equal(12, evaluators.Evaluated.Count);
        Assert.Equal(12, evaluators.Evaluated.Distinct().Count());
    }

    private static string? SameModelAtAll(BenchPointKey key) => key.Budget.IsAll ? $"checkpoint, seed {key.Seed}" : null;

    [Fact]
    public async Task Points_that_build_the_same_model_are_computed_once_and_share_its_record()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var evaluators = new FakeEvaluators { Identity = SameModelAtAll };

        var summary = await BenchRunner.RunAsync(store, Samples.Settings(workers: 2), evaluators);

        Assert.Equal(new BenchRunSummary(12, 0, 12, 0), summary);
        Assert.Equal(10, evaluators.Evaluated.Count); // random at "all" repeats snl at "all", per seed
        var points = store.LoadAll().ToDictionary(p => p.Key.Id);
        Assert.Equal(12, points.Count);
        foreach (int seed in new[] { 1, 2 })
        {
            var copy = points[$"lenet5_random_all_s{seed}"];
            var original = points[$"lenet5_snl_all_s{seed}"];
            Assert.Null(original.SameModelAs);
            Assert.Equal(original.Key.Id, copy.SameModelAs);
            Assert.Equal(original.Measurement, copy.Measurement);
        }
        Assert.All(points.Values.Where(p => !p.Key.Budget.IsAll), p => Assert.Null(p.SameModelAs));
    }

    [Fact]
    public async Task A_resumed_run_repeats_a_recorded_model_instead_of_computing_it()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        await BenchRunner.RunAsync(store, Samples.Settings(workers: 1) with { Methods = ["snl"] }, new FakeEvaluators());

        var second = new FakeEvaluators { Identity = SameModelAtAll };
        var summary = await BenchRunner.RunAsync(store, Samples.Settings(workers: 2), second);

        Assert.Equal(new BenchRunSummary(12, 6, 6, 0), summary);
        Assert.Equal(["lenet5_random_300_s1", "lenet5_random_300_s2", "lenet5_random_30_s1", "lenet5_random_30_s2"],
            second.Evaluated.Select(k => k.Id).Order(StringComparer.Ordinal));
        Assert.Equal("lenet5_snl_all_s2", store.LoadAll().Single(p => p.Key.Id == "lenet5_random_all_s2").SameModelAs);
    }

    [Fact]
    public async Task An_interrupted_run_resumes_without_recomputing_finished_points()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var settings = Samples.Settings(workers: 1);
        using var interrupt = new CancellationTokenSource();
        // The third point is where "Ctrl-C" lands: mid-point, so that point must not be recorded.
        var first = new FakeEvaluators
        {
            Before = async (call, _, token) =>
            {
                if (call == 3) await interrupt.CancelAsync();
                token.ThrowIfCancellationRequested();
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BenchRunner.RunAsync(store, settings, first, cancellationToken: interrupt.Token));
        var recorded = store.LoadAll().Select(p => p.Key).ToList();
        Assert.Equal(settings.Points().Take(2), recorded.OrderBy(k => settings.Points().ToList().IndexOf(k)));

        var second = new FakeEvaluators();
        var summary = await BenchRunner.RunAsync(store, settings, second);

        Assert.Equal(new BenchRunSummary(12, 2, 10, 0), summary);
        Assert.Empty(second.Evaluated.Intersect(recorded));
        Assert.Equal(settings.Points().Skip(2).Select(p => p.Id).Order(StringComparer.Ordinal), second.Evaluated.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(12, store.LoadAll().Count);
    }

    [Fact]
    public async Task An_interrupted_parallel_run_resumes_exactly_the_missing_points()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var settings = Samples.Settings(workers: 2);
        using var interrupt = new CancellationTokenSource();
        var first = new FakeEvaluators
        {
            Before = async (call, _, token) =>
            {
                if (call == 5) await interrupt.CancelAsync();
                token.ThrowIfCancellationRequested();
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BenchRunner.RunAsync(store, settings, first, cancellationToken: interrupt.Token));
        var recorded = store.LoadAll().Select(p => p.Key.Id).ToHashSet();
        Assert.InRange(recorded.Count, 1, 11);

        var second = new FakeEvaluators();
        await BenchRunner.RunAsync(store, settings, second);

        var resumed = second.Evaluated.Select(k => k.Id).ToHashSet();
        Assert.Empty(resumed.Intersect(recorded));
        Assert.Equal(settings.Points().Select(p => p.Id).ToHashSet(), resumed.Union(recorded).ToHashSet());
    }

    [Fact]
    public async Task A_failed_point_is_recorded_and_the_run_goes_on()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var settings = Samples.Settings(workers: 1);
        var evaluators = new FakeEvaluators
        {
            Before = (call, _, _) => call == 2 ? throw new PointFailedException("training diverged in epoch 3") : Task.CompletedTask,
        };

        var summary = await BenchRunner.RunAsync(store, settings, evaluators);

        Assert.Equal(new BenchRunSummary(12, 0, 11, 1), summary);
        var failed = Assert.Single(store.LoadAll(), p => !p.Succeeded);
        Assert.Equal(settings.Points()[1], failed.Key);
        Assert.Equal("training diverged in epoch 3", failed.Failure);

        // A rerun treats the failure as a result, not as unfinished work.
        var again = new FakeEvaluators();
        Assert.Equal(new BenchRunSummary(12, 12, 0, 0), await BenchRunner.RunAsync(store, settings, again));
        Assert.Empty(again.Evaluated);
    }

    [Fact]
    public async Task A_native_error_is_retried_once_and_then_fails_only_its_point()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var settings = Samples.Settings(workers: 1);
        var points = settings.Points();
        var evaluators = new FakeEvaluators
        {
            // The first point fails natively once (a transient fault); the second point fails on every try.
            Before = (call, context, _) => call == 1 || context.Key == points[1]
                ? throw new ExternalException("Expected false to be true\nException raised from toFloat at Scalar.h:123")
                : Task.CompletedTask,
        };

        var summary = await BenchRunner.RunAsync(store, settings, evaluators);

        Assert.Equal(new BenchRunSummary(12, 0, 11, 1), summary);
        var all = store.LoadAll().ToDictionary(p => p.Key);
        Assert.True(all[points[0]].Succeeded);
        var failed = all[points[1]];
        Assert.False(failed.Succeeded);
        Assert.Equal($"native error in {BenchRunner.NativeErrorAttempts} attempts: Expected false to be true", failed.Failure);
        Assert.Equal(12 + 1 + BenchRunner.NativeErrorAttempts - 1, evaluators.Calls);
    }

    [Fact]
    public async Task A_bug_in_one_worker_stops_the_others_and_is_what_the_caller_sees()
    {
        using var temp = new TempFolder();
        var store = new PointStore(temp.Path);
        var settings = Samples.Settings(workers: 2);
        var evaluators = new FakeEvaluators
        {
            // Worker 0 blocks until cancelled; worker 1 hits the bug. Without the stop, this never ends.
            Before = (_, context, token) => context.Worker == 0
                ? Task.Delay(Timeout.Infinite, token)
                : throw new InvalidOperationException("bug in the evaluator"),
        };

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => BenchRunner.RunAsync(store, settings, evaluators));
        Assert.Equal("bug in the evaluator", e.Message);
        Assert.Empty(store.LoadAll());
    }

    [Fact]
    public async Task Each_worker_makes_one_evaluator_and_disposes_it()
    {
        using var temp = new TempFolder();
        var evaluators = new FakeEvaluators();
        await BenchRunner.RunAsync(new PointStore(temp.Path), Samples.Settings(workers: 3), evaluators);
        Assert.Equal([0, 1, 2], evaluators.Created.Order());
        Assert.Equal([0, 1, 2], evaluators.Disposed.Order());
    }

    [Fact]
    public async Task Progress_hears_every_phase_and_every_finished_point()
    {
        using var temp = new TempFolder();
        var progress = new RecordingProgress();
        await BenchRunner.RunAsync(new PointStore(temp.Path), Samples.Settings(workers: 2), new FakeEvaluators(), progress);
        Assert.Equal((12, 0, 2), progress.Started);
        Assert.Equal(12, progress.Finished);
        Assert.Equal(12 * 2, progress.Phases);
        Assert.True(progress.Ended);
    }

    [Fact]
    public async Task A_point_listed_twice_is_refused_before_anything_runs()
    {
        using var temp = new TempFolder();
        var key = Samples.Settings().Points()[0];
        await Assert.ThrowsAsync<ArgumentException>(() => BenchRunner.RunAsync(new PointStore(temp.Path), Samples.Settings(), [key, key], new FakeEvaluators()));
        Assert.False(File.Exists(Path.Combine(temp.Path, PointStore.ManifestFileName)));
    }

    private sealed class RecordingProgress : IBenchProgress
    {
        private int _finished, _phases;
        public (int, int, int) Started { get; private set; }
        public int Finished => _finished;
        public int Phases => _phases;
        public bool Ended { get; private set; }
        public void RunStarted(int total, int alreadyFinished, int workers) => Started = (total, alreadyFinished, workers);
        public void PointStarted(int worker, BenchPointKey key) { }
        public void PhaseChanged(int worker, BenchPointKey key, string phase) => Interlocked.Increment(ref _phases);
        public void PointFinished(int worker, BenchPoint point) => Interlocked.Increment(ref _finished);
        public void RunEnded() => Ended = true;
    }
}
