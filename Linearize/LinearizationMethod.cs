namespace PiToolkit.Linearize;

/// <summary>How the ReLUs that stay nonlinear are chosen.</summary>
public enum LinearizationMethod
{
    /// <summary>Selective network linearization: learned masks (Cho et al. 2022).</summary>
    Snl,
    /// <summary>Uniformly random ReLUs (baseline).</summary>
    Random,
    /// <summary>Whole layers by measured criticality, DeepReDuce-style (baseline).</summary>
    Layerwise,
}
