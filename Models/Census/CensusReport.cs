namespace PiToolkit.Models.Census;

/// <summary>What a network costs under secure inference for one input: ReLUs per site, max-pool comparisons, parameters and MACs.</summary>
/// <param name="InputShape">The per-sample input shape counted for.</param>
/// <param name="Sites">ReLU sites in forward order.</param>
/// <param name="MaxPools">Max-pooling layers (empty for average-pooling variants).</param>
/// <param name="Parameters">Trainable and fixed parameters (weights, biases, BN affine), not BN running statistics.</param>
/// <param name="Macs">Multiply-accumulates of convolutions and FC layers for one sample.</param>
public sealed record CensusReport(long[] InputShape, IReadOnlyList<SiteCount> Sites, IReadOnlyList<PoolCount> MaxPools, long Parameters, long Macs)
{
    /// <summary>ReLUs that stay nonlinear, over all sites.</summary>
    public long TotalRelus => Sites.Sum(s => s.Relus);

    /// <summary>ReLUs over all sites before linearization.</summary>
    public long TotalCapacity => Sites.Sum(s => s.Capacity);

    /// <summary>Secure comparisons over all max-pooling layers.</summary>
    public long TotalMaxPoolComparisons => MaxPools.Sum(p => p.Comparisons);

    /// <summary>
    /// Nonlinear operations a secure evaluation pays for: ReLUs that stay nonlinear plus max-pool
    /// comparisons. Both cost one secure comparison each under garbled circuits, so a ReLU budget
    /// that leaves max pooling in understates the cost.
    /// </summary>
    public long TotalNonlinear => TotalRelus + TotalMaxPoolComparisons;
}
