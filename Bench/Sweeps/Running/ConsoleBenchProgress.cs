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
    private readonly int _width;
    private int _blockLines;

    /// <summary>Writes to <paramref name="writer"/>, live when <paramref name="live"/> (i.e. the writer is a terminal).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="live">Whether to keep a redrawn block (a terminal) or print plain lines.</param>
    /// <param name="width">The terminal's width: live lines are cut to it, since a wrapped line would throw off the redraw.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public ConsoleBenchProgress(TextWriter writer, bool live, int width = 120)
    {
        ArgumentNullException.ThrowIfNull(writer);
        (_writer, _live, _width) = (writer, live, Math.Max(20, width));
    }

    /// <summary>A display on standard output, live only if it is a terminal that understands cursor movement.</summary>
    public static ConsoleBenchProgress ForConsole()
    {
        bool live = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is { } term && term != "dumb";
        int width = 120;
        try
        {
            if (live && Console.WindowWidth > 0) width = Console.WindowWidth;
        }
        catch (IOException)
        {
        }
        return new ConsoleBenchProgress(Console.Out, live, width);
    }

    /// <summary>The state shown.</summary>
    public ProgressTracker Tracker { get; } = new();

    /// <inheritdoc/>
    public void RunStarted(int total, int alreadyFinished, int workers)
    {
        Show(() =>
        {
            Tracker.RunStarted(total, alreadyFinished, workers);
            return $"{total} points, {alreadyFinished} already recorded, {workers} worker{(workers == 1 ? "" : "s")}";
        });
    }

    /// <inheritdoc/>
    public void PointStarted(int worker, BenchPointKey key)
    {
        Show(() =>
        {
            Tracker.PointStarted(worker, key);
            return _live ? null : $"[{Tracker.Summary()}] worker {worker + 1}: {key}: start";
        });
    }

    /// <inheritdoc/>
    public void PhaseChanged(int worker, BenchPointKey key, string phase)
    {
        Show(() =>
        {
            Tracker.PhaseChanged(worker, key, phase);
            return _live ? null : $"[{Tracker.Summary()}] worker {worker + 1}: {key}: {phase}";
        });
    }

    /// <inheritdoc/>
    public void PointFinished(int worker, BenchPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        string outcome = point.Measurement is { } m
            ? string.Create(CultureInfo.InvariantCulture, $"accuracy {m.Protocol.Accuracy * 100:0.0}%, online {m.Protocol.OnlineMs:0.#} ms")
            : $"failed: {point.Failure}";
        Show(() =>
        {
            Tracker.PointFinished(worker, point);
            return $"[{Tracker.Summary()}] {point.Key}: {outcome} ({ProgressTracker.Format(TimeSpan.FromSeconds(point.Seconds))})";
        });
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

    // Updates the tracker and prints the event's line (if any) above the live block, then redraws the
    // block, all under one lock, so that the counts a line shows are the counts after its own event.
    private void Show(Func<string?> update)
    {
        lock (_lock)
        {
            string? line = update();
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
            foreach (string text in block) _writer.WriteLine(text.Length < _width ? text : text[..(_width - 1)]);
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
