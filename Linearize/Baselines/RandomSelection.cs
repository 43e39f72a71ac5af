using PiToolkit.Linearize.Masks;
using PiToolkit.Models.Zoo;

namespace PiToolkit.Linearize.Baselines;

/// <summary>The simplest baseline: keep a uniformly random (seeded) set of ReLUs of the budget's size.</summary>
public static class RandomSelection
{
    /// <summary>Every mask entry of <paramref name="model"/> with a random score.</summary>
    public static List<MaskUnit> Units(ZooModel model, MaskGranularity granularity, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        var random = new Random(seed);
        var entries = SiteMasks.EntriesPerSite(model, granularity);
        var costs = model.ReluSites().Select(s => SiteMasks.EntryCost(s.Site.ObservedShape!, granularity)).ToArray();
        var units = new List<MaskUnit>();
        for (int s = 0; s < entries.Length; s++)
            for (int i = 0; i < entries[s]; i++)
                units.Add(new MaskUnit(s, i, random.NextDouble(), costs[s]));
        return units;
    }
}
