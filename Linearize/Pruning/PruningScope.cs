namespace PiToolkit.Linearize.Pruning;

/// <summary>Whether units compete across the whole network or within each layer.</summary>
public enum PruningScope
{
    /// <summary>One ranking over every layer: layers lose different fractions.</summary>
    Global,
    /// <summary>Each layer (or channel group) loses the same fraction.</summary>
    Layer,
}
