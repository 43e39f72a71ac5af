namespace PiToolkit.Linearize;

/// <summary>How the ReLUs that stay nonlinear are chosen.</summary>
public enum LinearizationMethod
{
    /// <summary>Selective network linearization: learned masks (Cho et al. 2022).</summary>
    Snl,
    /// <summary>Uniformly random ReLUs (baseline).</summary>
    Random,
    /// <summary>
    /// Criticality-ordered layers (baseline): whole ReLU layers kept in order of the accuracy lost
    /// when each alone is linearized. Only the ranking step of DeepReDuce (Jha et al. 2021); its
    /// retrained criticality, channel thinning and distillation pipeline are not implemented.
    /// </summary>
    Criticality,
}
