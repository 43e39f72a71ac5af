using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// The state behind a progress display: points done out of the total, what each worker is doing, and
/// the time left. Holds no clock of its own (durations come from the recorded points), so what it
/// says can be tested without timing anything.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ProgressTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (BenchPointKey Key, string Phase)> _current = [];
    private int _total;
    private int _done;
    private int _workers = 1;
    private int _timedPoints;
    private double _timedSeconds;

    /// <summary>Points the run asked for.</summary>
    public int Total { get { lock (_lock) return _total; } }

    /// <summary>Points recorded, earlier runs included.</summary>
    public int Done { get { lock (_lock) return _done; } }

    /// <summary>Points recorded as failed in this run.</summary>
    public int Failed { get; private set; }

    /// <summary>Starts tracking a run.</summary>
    public void RunStarted(int total, int alreadyFinished, int workers)
    {
        lock (_lock) (_total, _done, _workers, _timedPoints, _timedSeconds, Failed) = (total, alreadyFinished, Math.Max(1, workers), 0, 0, 0);
    }

    /// <summary>Notes that <paramref name="worker"/> started <paramref name="key"/>.</summary>
    public void PointStarted(int worker, BenchPointKey key)
    {
        lock (_lock) _current[worker] = (key, "starting");
    }

    /// <summary>Notes a phase change.</summary>
    public void PhaseChanged(int worker, BenchPointKey key, string phase)
    {
        lock (_lock) _current[worker] = (key, phase);
    }

    /// <summary>Notes a recorded point; its <see cref="BenchPoint.Seconds"/> feed the estimate of time left.</summary>
    public void PointFinished(int worker, BenchPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        lock (_lock)
        {
            _current.Remove(worker);
            _done++;
            _timedPoints++;
            _timedSeconds += point.Seconds;
            if (!point.Succeeded) Failed++;
        }
    }

    /// <summary>
    /// Time left: the mean time of the points finished in this run, times the points left, shared among
    /// the workers that still have points. Null until a point has finished in this run (points recorded
    /// by earlier runs say nothing about this machine's speed now).
    /// </summary>
    public TimeSpan? TimeLeft
    {
        get
        {
            lock (_lock)
            {
                if (_timedPoints == 0) return null;
                int left = _total - _done;
                if (left <= 0) return TimeSpan.Zero;
                double perPoint = _timedSeconds / _timedPoints;
                return TimeSpan.FromSeconds(perPoint * left / Math.Min(_workers, left));
            }
        }
    }

    /// <summary>What each busy worker is doing, by worker index.</summary>
    public IReadOnlyList<(int Worker, BenchPointKey Key, string Phase)> Busy
    {
        get
        {
            lock (_lock) return [.. _current.OrderBy(c => c.Key).Select(c => (c.Key, c.Value.Key, c.Value.Phase))];
        }
    }

    /// <summary>One line: <c>12/90 points (1 failed), about 1h 05m left</c>.</summary>
    public string Summary()
    {
        var left = TimeLeft;
        string failed = Failed > 0 ? $" ({Failed} failed)" : "";
        string time = left is { } t && t > TimeSpan.Zero ? $", about {Format(t)} left" : "";
        return $"{Done}/{Total} points{failed}{time}";
    }

    /// <summary>A duration as <c>1h 05m</c>, <c>4m 10s</c> or <c>12s</c>.</summary>
    public static string Format(TimeSpan time) =>
        time.TotalHours >= 1 ? $"{(int)time.TotalHours}h {time.Minutes:00}m" :
        time.TotalMinutes >= 1 ? $"{time.Minutes}m {time.Seconds:00}s" :
        $"{Math.Ceiling(time.TotalSeconds):0}s";
}
