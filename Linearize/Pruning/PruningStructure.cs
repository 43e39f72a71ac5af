namespace PiToolkit.Linearize.Pruning;

/// <summary>What one pruning unit is.</summary>
public enum PruningStructure
{
    /// <summary>Single weights of convolutions and linear layers, kept in place as zeros.</summary>
    Unstructured,
    /// <summary>Whole output channels of convolutions and neurons of linear layers, removed from the model.</summary>
    Channel,
}
