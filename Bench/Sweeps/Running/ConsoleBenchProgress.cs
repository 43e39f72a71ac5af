using System.Globalization;
using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// Shows a run's progress. On a terminal it keeps a live block at the bottom (the run's summary and
/// one line per worker with its point and phase) and prints each finished point above it; when output
/// is a file or a pipe (a CI log, <c>nohup</c>) it prints one plain line per event instead, since
/// cursor movement would only garble the log.
/// </summary>
public sealed class ConsoleBenchProgress : IBenchProgress
{
    private const string Escape = "\u001b[";
    private readonly TextWriter _writer;
    private readonly bool _live;
    private readonly Lock _lock = new();
    private int _blockLines;

    /// <summary>Writes to <paramref name="writer"/>, live when <paramref name="live"/> (i.e. the writer is a terminal).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public ConsoleBenchProgress(TextWriter writer, bool live)
    {
        ArgumentNullException.ThrowIfNull(writer);
        (_writer, _live) = (writer, live);
    }

    /// <summary>A display on standard output, live only if it is a terminal that understands cursor movement.</summary>
    public static ConsoleBenchProgress ForConsole() =>
        new(Console.Out, !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is { } term && term != "dumb");

    /// <summary>The state shown.</summary>
    public ProgressTracker Tracker { get; } = new();

    /// <inheritdoc/>
    public void RunStarted(int total, int alreadyFinished, int workers)
    {
        Tracker.RunStarted(total, alreadyFinished, workers);
        Show($"{total} points, {alreadyFinished} already recorded, {workers} worker{(workers == 1 ? "" : "s")}");
    }

    /// <inheritdoc/>
    public void PointStarted(int worker, BenchPointKey key)
    {
        Tracker.PointStarted(worker, key);
        Show(_live ? null : $"[{Tracker.Summary()}] worker {worker + 1}: {key}: start");
    }

    /// <inheritdoc/>
    public void PhaseChanged(int worker, BenchPointKey key, string phase)
    {
        Tracker.PhaseChanged(worker, key, phase);
        Show(_live ? null : $"[{Tracker.Summary()}] worker {worker + 1}: {key}: {phase}");
    }

    /// <inheritdoc/>
    public void PointFinished(int worker, BenchPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Tracker.PointFinished(worker, point);
        string outcome = point.Measurement is { } m
            ? string.Create(CultureInfo.InvariantCulture, $"accuracy {m.Protocol.Accuracy * 100:0.0}%, online {m.Protocol.OnlineMs:0.#} ms")
            : $"failed: {point.Failure}";
        Show($"[{Tracker.Summary()}] {point.Key}: {outcome} ({ProgressTracker.Format(TimeSpan.FromSeconds(point.Seconds))})");
    }

    /// <inheritdoc/>
    public void RunEnded()
    {
        lock (_lock)
        {
            ClearBlock();
            _writer.WriteLine($"done: {Tracker.Summary()}");
            _writer.Flush();
        }
    }

    // Prints an event line (if any) above the live block and redraws the block.
    private void Show(string? line)
    {
        lock (_lock)
        {
            if (!_live)
            {
                if (line is not null) _writer.WriteLine(line);
                _writer.Flush();
                return;
            }
            ClearBlock();
            if (line is not null) _writer.WriteLine(line);
            var block = new List<string> { Tracker.Summary() };
            block.AddRange(Tracker.Busy.Select(b => $"  worker {b.Worker + 1}: {b.Key}: {b.Phase}"));
            foreach (string text in block) _writer.WriteLine(text);
            _blockLines = block.Count;
            _writer.Flush();
        }
    }

    private void ClearBlock()
    {
        if (!_live) return;
        // Cursor to the start of each previous line, erasing it: the block is redrawn in place.
        for (int i = 0; i < _blockLines; i++) _writer.Write($"{Escape}1F{Escape}2K");
        _blockLines = 0;
    }
}
