using System.Collections.Concurrent;
using PiToolkit.Bench.Sweeps.Points;
using PiToolkit.Bench.Sweeps.Store;

namespace PiToolkit.Bench.Sweeps.Running;

/// <summary>
/// A run's bookkeeping of models that several points build (<see cref="IModelIdentity"/>): which point
/// computes each, so the others wait for that record instead of computing it again. Records of an
/// earlier run count, so a resumed run does not recompute them either.
/// </summary>
internal sealed class ModelsComputed
{
    private readonly IModelIdentity? _identity;
    private readonly ConcurrentDictionary<string, Task<BenchPoint>> _computed = new(StringComparer.Ordinal);

    public ModelsComputed(IModelIdentity? identity, PointStore store)
    {
        _identity = identity;
        if (identity is null) return;
        // Only measured records are reused: a failed one may have been deleted to be run again.
        foreach (var point in store.LoadAll().Where(p => p.Succeeded && p.SameModelAs is null))
            if (identity.ModelIdentity(point.Key) is { } name)
                _computed.TryAdd(name, Task.FromResult(point));
    }

    /// <summary>
    /// <paramref name="points"/> with every point whose model an earlier point in the list (or a record)
    /// builds moved to the end, so that a worker reaching it finds the record made, not in progress.
    /// </summary>
    public IEnumerable<BenchPointKey> OriginalsFirst(IEnumerable<BenchPointKey> points)
    {
        if (_identity is null) return points;
        var seen = new HashSet<string>(_computed.Keys, StringComparer.Ordinal);
        var list = points.ToList();
        bool Repeat(BenchPointKey key) => _identity.ModelIdentity(key) is { } name && !seen.Add(name);
        var repeats = list.Where(Repeat).ToHashSet();
        return list.Where(k => !repeats.Contains(k)).Concat(list.Where(repeats.Contains));
    }

    /// <summary>
    /// For a point whose model another point computes (or has computed), that point's record to come;
    /// otherwise the completion source the caller must complete with its own record (null when the
    /// model is the point's alone).
    /// </summary>
    public (Task<BenchPoint>? Original, TaskCompletionSource<BenchPoint>? Computing) Claim(BenchPointKey key)
    {
        if (_identity?.ModelIdentity(key) is not { } name) return (null, null);
        var mine = new TaskCompletionSource<BenchPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = _computed.GetOrAdd(name, mine.Task);
        return task == mine.Task ? (null, mine) : (task, null);
    }
}
