namespace PiToolkit.Linearize.Masks;

/// <summary>
/// Chooses which mask entries stay ReLUs under a budget: highest score first, ties broken by site
/// then index (so the choice is deterministic), never exceeding the budget. With unit costs (pixel
/// masks, or FC sites) the result is exactly the budget whenever there are enough entries; with
/// channel masks an entry that would overshoot is skipped and cheaper ones fill the rest, so the
/// result is exact whenever some subset in that order fits, and otherwise as close as it gets from below.
/// </summary>
public static class BudgetSelector
{
    /// <summary>Returns, per site, which entries are kept, and the ReLUs kept in total.</summary>
    /// <param name="units">Every mask entry.</param>
    /// <param name="entriesPerSite">Mask entries of each site.</param>
    /// <param name="budget">ReLUs to keep.</param>
    /// <exception cref="ArgumentOutOfRangeException">Negative budget.</exception>
    public static (bool[][] Keep, long Achieved) Select(IEnumerable<MaskUnit> units, IReadOnlyList<int> entriesPerSite, long budget)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(entriesPerSite);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var keep = entriesPerSite.Select(n => new bool[n]).ToArray();
        long remaining = budget;
        foreach (var unit in units.OrderByDescending(u => u.Score).ThenBy(u => u.Site).ThenBy(u => u.Index))
        {
            if (remaining == 0) break;
            if (unit.Cost > remaining) continue;
            keep[unit.Site][unit.Index] = true;
            remaining -= unit.Cost;
        }
        return (keep, budget - remaining);
    }
}
