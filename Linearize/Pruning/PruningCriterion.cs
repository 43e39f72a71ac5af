namespace PiToolkit.Linearize.Pruning;

/// <summary>How the importance of a weight or channel is scored; the lowest scores are pruned first.</summary>
public enum PruningCriterion
{
    /// <summary>Uniform random scores from the seed: the baseline every criterion must beat.</summary>
    Random,
    /// <summary>L1 or L2 norm of the weights (|w| for single weights).</summary>
    Magnitude,
    /// <summary>First-order Taylor estimate of the loss change, |w·∂L/∂w|, summed over a channel's weights (Molchanov et al. 2017).</summary>
    Taylor,
    /// <summary>Connection sensitivity |w·∂L/∂w| at initialization, then training from scratch (SNIP, Lee et al. 2019).</summary>
    Snip,
    /// <summary>|γ| of the batch norm after a channel, after training with an L1 penalty on γ (network slimming, Liu et al. 2017).</summary>
    BnScale,
}
