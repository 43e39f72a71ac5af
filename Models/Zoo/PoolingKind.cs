namespace PiToolkit.Models.Zoo;

/// <summary>How a network downsamples between stages.</summary>
public enum PoolingKind
{
    /// <summary>Max pooling: nonlinear, each k×k window costs k²−1 secure comparisons.</summary>
    Max,
    /// <summary>Average pooling: linear, free under secure inference (the zoo's PI-friendly variant).</summary>
    Average,
}
