using PiToolkit.Models.Zoo;
using TorchSharp;
using static TorchSharp.torch;

namespace PiToolkit.Linearize.Masks;

/// <summary>Installs, reads and binarises the masks of a model's ReLU sites.</summary>
public static class SiteMasks
{
    /// <summary>The mask shape for a site of activation shape <paramref name="siteShape"/>.</summary>
    public static long[] MaskShape(long[] siteShape, MaskGranularity granularity)
    {
        ArgumentNullException.ThrowIfNull(siteShape);
        return granularity == MaskGranularity.Pixel || siteShape.Length == 1
            ? siteShape
            : [siteShape[0], .. Enumerable.Repeat(1L, siteShape.Length - 1)];
    }

    /// <summary>ReLUs one mask entry governs at a site.</summary>
    public static long EntryCost(long[] siteShape, MaskGranularity granularity) =>
        siteShape.Aggregate(1L, (a, b) => a * b) / MaskShape(siteShape, granularity).Aggregate(1L, (a, b) => a * b);

    /// <summary>Gives every site a trainable mask of ones (SNL's starting point). The census must have run so shapes are known.</summary>
    public static void InstallTrainable(ZooModel model, MaskGranularity granularity)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (_, site) in model.ReluSites())
        {
            using var ones = torch.ones(MaskShape(Shape(site), granularity));
            site.SetMask(ones, trainable: true);
        }
    }

    /// <summary>Installs frozen 0/1 masks from <paramref name="keep"/> (one array per site, in forward order).</summary>
    public static void ApplyBinary(ZooModel model, MaskGranularity granularity, bool[][] keep)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(keep);
        var sites = model.ReluSites();
        if (keep.Length != sites.Count) throw new ArgumentException($"{keep.Length} selections for {sites.Count} sites", nameof(keep));
        for (int s = 0; s < sites.Count; s++)
        {
            var shape = MaskShape(Shape(sites[s].Site), granularity);
            using var mask = tensor(keep[s].Select(k => k ? 1f : 0f).ToArray(), shape);
            sites[s].Site.SetMask(mask, trainable: false);
        }
    }

    /// <summary>Every mask entry with its current value as the score.</summary>
    public static List<MaskUnit> Units(ZooModel model, MaskGranularity granularity)
    {
        ArgumentNullException.ThrowIfNull(model);
        var units = new List<MaskUnit>();
        var sites = model.ReluSites();
        for (int s = 0; s < sites.Count; s++)
        {
            var site = sites[s].Site;
            var mask = site.Mask ?? throw new InvalidOperationException($"site {sites[s].Name} has no mask");
            long cost = EntryCost(Shape(site), granularity);
            float[] values = mask.detach().flatten().data<float>().ToArray();
            for (int i = 0; i < values.Length; i++) units.Add(new MaskUnit(s, i, values[i], cost));
        }
        return units;
    }

    /// <summary>Mask entries per site, in forward order.</summary>
    public static int[] EntriesPerSite(ZooModel model, MaskGranularity granularity) =>
        model.ReluSites().Select(s => (int)MaskShape(Shape(s.Site), granularity).Aggregate(1L, (a, b) => a * b)).ToArray();

    /// <summary>ReLUs whose mask exceeds <paramref name="threshold"/> (SNL's notion of alive).</summary>
    public static long Alive(ZooModel model, MaskGranularity granularity, double threshold) =>
        Units(model, granularity).Where(u => u.Score > threshold).Sum(u => u.Cost);

    /// <summary>
    /// The L1 penalty over every site's mask as a differentiable scalar: Σ|m|, or with
    /// <paramref name="costWeighted"/> Σ cost·|m| where cost is the ReLUs one entry controls
    /// (<see cref="EntryCost"/>), so that λ prices a channel of H×W ReLUs as H×W pixels.
    /// </summary>
    public static Tensor L1(ZooModel model, MaskGranularity granularity = MaskGranularity.Pixel, bool costWeighted = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        Tensor? total = null;
        foreach (var (name, site) in model.ReluSites())
        {
            var term = (site.Mask ?? throw new InvalidOperationException($"site {name} has no mask")).abs().sum();
            long cost = costWeighted ? EntryCost(Shape(site), granularity) : 1;
            if (cost != 1) term = term * cost;
            total = total is null ? term : total + term;
        }
        return total ?? zeros(1);
    }

    private static long[] Shape(ReluSite site) =>
        site.ObservedShape ?? throw new InvalidOperationException("site shapes unknown: take the census first");
}
