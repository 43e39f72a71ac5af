using PiToolkit.Linearize.Masks;
using PiToolkit.Models.Data;
using PiToolkit.Models.Training;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Linearize.Baselines;

/// <summary>
/// The criticality-ordered layer baseline (<see cref="LinearizationMethod.Criticality"/>): measure
/// each ReLU layer's criticality as the validation accuracy lost when that layer alone becomes the
/// identity, keep whole layers from the most critical down while they fit the budget, and fill what
/// remains with a random part of the next layer. This is the ranking idea of DeepReDuce (Jha et al.,
/// ICML 2021) only: DeepReDuce also re-measures criticality after retraining and thins channels,
/// which this class does not, so its results are not DeepReDuce's.
/// </summary>
public static class LayerwiseSelection
{
    /// <summary>Criticality of each site (accuracy lost when it alone is linearized), in forward order.</summary>
    public static double[] Criticality(ZooModel model, TensorDataset validation, MaskGranularity granularity, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entries = SiteMasks.EntriesPerSite(model, granularity);
        bool[][] AllKept() => entries.Select(n => Enumerable.Repeat(true, n).ToArray()).ToArray();
        SiteMasks.ApplyBinary(model, granularity, AllKept());
        double full = Evaluation.Accuracy(model, validation, cancellation: cancellation);
        var criticality = new double[entries.Length];
        for (int s = 0; s < entries.Length; s++)
        {
            var keep = AllKept();
            keep[s] = new bool[entries[s]];
            SiteMasks.ApplyBinary(model, granularity, keep);
            criticality[s] = full - Evaluation.Accuracy(model, validation, cancellation: cancellation);
        }
        SiteMasks.ApplyBinary(model, granularity, AllKept());
        return criticality;
    }

    /// <summary>Every mask entry scored so that whole sites rank by criticality and entries within a site in random (seeded) order.</summary>
    public static List<MaskUnit> Units(ZooModel model, double[] criticality, MaskGranularity granularity, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(criticality);
        var entries = SiteMasks.EntriesPerSite(model, granularity);
        var costs = model.ReluSites().Select(s => SiteMasks.EntryCost(s.Site.ObservedShape!, granularity)).ToArray();
        // Rank 0 = most critical; stable on ties so the order is deterministic.
        var rank = new int[entries.Length];
        var order = Enumerable.Range(0, entries.Length).OrderByDescending(s => criticality[s]).ThenBy(s => s).ToArray();
        for (int r = 0; r < order.Length; r++) rank[order[r]] = r;
        var random = new Random(seed);
        var units = new List<MaskUnit>();
        for (int s = 0; s < entries.Length; s++)
            for (int i = 0; i < entries[s]; i++)
                units.Add(new MaskUnit(s, i, entries.Length - rank[s] + random.NextDouble() * 0.5, costs[s]));
        return units;
    }
}
