using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>What an evaluator is told about the point it computes.</summary>
public sealed class PointContext
{
    private readonly Action<string> _reportPhase;

    /// <summary>Creates the context (the runner does this; tests may too).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PointContext(BenchPointKey key, BenchSettings settings, string workFolder, int worker, Action<string> reportPhase)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(workFolder);
        ArgumentNullException.ThrowIfNull(reportPhase);
        (Key, Settings, WorkFolder, Worker, _reportPhase) = (key, settings, workFolder, worker, reportPhase);
    }

    /// <summary>The point: model, method, budget, seed.</summary>
    public BenchPointKey Key { get; }

    /// <summary>The run's settings (checkpoint, image count).</summary>
    public BenchSettings Settings { get; }

    /// <summary>
    /// The point's own folder for checkpoints and exported models. It survives an interrupted run, so
    /// an evaluator that finds a finished model here can skip straight to measuring it.
    /// </summary>
    public string WorkFolder { get; }

    /// <summary>Index of the worker running the point (0-based), the one whose evaluator is called.</summary>
    public int Worker { get; }

    /// <summary>Tells the progress display what the point is doing now (e.g. <c>train</c>, <c>export</c>, <c>protocol offline</c>).</summary>
    public void ReportPhase(string phase) => _reportPhase(phase);
}
