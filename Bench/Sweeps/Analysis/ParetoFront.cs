namespace PiToolkit.Bench.Sweeps.Analysis;

/// <summary>
/// The Pareto front of a set of points when accuracy is to be maximized and a cost (ReLUs, latency,
/// bytes) minimized: the points no other point beats on both at once.
/// </summary>
public static class ParetoFront
{
    /// <summary>
    /// The points of <paramref name="items"/> that no other point dominates, by increasing cost (then
    /// decreasing accuracy). A point is dominated by one at least as accurate and at most as costly that
    /// is strictly better in one of the two. Points equal in both dominate neither, so ties are all kept:
    /// dropping one of two identical points would hide a method that reached the same place. Points with
    /// a non-finite accuracy or cost are not candidates.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<T> Of<T>(IEnumerable<T> items, Func<T, double> accuracy, Func<T, double> cost)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(accuracy);
        ArgumentNullException.ThrowIfNull(cost);
        var candidates = items.Select(item => (Item: item, Accuracy: accuracy(item), Cost: cost(item)))
            .Where(c => double.IsFinite(c.Accuracy) && double.IsFinite(c.Cost)).ToList();
        // Quadratic, which is plenty for the hundreds of configurations a sweep has, and obviously right.
        return [.. candidates
            .Where(c => !candidates.Any(o => o.Accuracy >= c.Accuracy && o.Cost <= c.Cost && (o.Accuracy > c.Accuracy || o.Cost < c.Cost)))
            .OrderBy(c => c.Cost).ThenByDescending(c => c.Accuracy)
            .Select(c => c.Item)];
    }
}
