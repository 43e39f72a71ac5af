using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Running;

namespace PiToolkit.Bench.Tests.Running;

public class ProgressTrackerTests
{
    private static BenchPoint Took(double seconds, bool failed = false) =>
        (failed ? Samples.Failed() : Samples.Point()) with { Seconds = seconds };

    [Fact]
    public void Time_left_is_unknown_until_a_point_of_this_run_finishes()
    {
        var tracker = new ProgressTracker();
        tracker.RunStarted(total: 10, alreadyFinished: 4, workers: 2);
        Assert.Null(tracker.TimeLeft);
        Assert.Equal("4/10 points", tracker.Summary());
    }

    [Fact]
    public void Time_left_is_the_mean_point_time_times_points_left_over_workers()
    {
        var tracker = new ProgressTracker();
        tracker.RunStarted(total: 10, alreadyFinished: 0, workers: 2);
        tracker.PointFinished(0, Took(60));
        tracker.PointFinished(1, Took(120, failed: true));
        // 8 left at 90 s each, two at a time.
        Assert.Equal(TimeSpan.FromSeconds(360), tracker.TimeLeft);
        Assert.Equal("2/10 points (1 failed), about 6m 00s left", tracker.Summary());
    }

    [Fact]
    public void Fewer_points_left_than_workers_are_not_shared_among_idle_workers()
    {
        var tracker = new ProgressTracker();
        tracker.RunStarted(total: 3, alreadyFinished: 0, workers: 4);
        tracker.PointFinished(0, Took(30));
        Assert.Equal(TimeSpan.FromSeconds(30), tracker.TimeLeft);
    }

    [Fact]
    public void Busy_lists_each_workers_point_and_phase_until_it_finishes()
    {
        var tracker = new ProgressTracker();
        tracker.RunStarted(3, 0, 2);
        var key = Samples.Point().Key;
        tracker.PointStarted(1, key);
        tracker.PhaseChanged(1, key, "protocol");
        Assert.Equal([(1, key, "protocol")], tracker.Busy);
        tracker.PointFinished(1, Samples.Point());
        Assert.Empty(tracker.Busy);
    }

    [Fact]
    public void A_finished_run_claims_no_time_left()
    {
        var tracker = new ProgressTracker();
        tracker.RunStarted(total: 1, alreadyFinished: 0, workers: 1);
        tracker.PointFinished(0, Took(5));
        Assert.Equal(TimeSpan.Zero, tracker.TimeLeft);
        Assert.Equal("1/1 points", tracker.Summary());
    }

    [Theory]
    [InlineData(3725, "1h 02m")]
    [InlineData(250, "4m 10s")]
    [InlineData(11.2, "12s")]
    public void Durations_read_at_a_glance(double seconds, string text) => Assert.Equal(text, ProgressTracker.Format(TimeSpan.FromSeconds(seconds)));
}
