namespace PiToolkit.Models.Checkpoints;

/// <summary>One epoch of SNL's mask phase.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Lambda">The L1 coefficient λ used during the epoch.</param>
/// <param name="Alive">ReLUs whose mask exceeded the threshold after the epoch.</param>
/// <param name="ValidationAccuracy">Validation accuracy of the soft-masked model after the epoch.</param>
/// <param name="LambdaChange">What the λ schedule did after the epoch: kept, growth (reference ×1.1), pace (pacing variant) or stop (last epoch).</param>
public sealed record MaskEpoch(int Epoch, double Lambda, long Alive, double ValidationAccuracy, string? LambdaChange = null);
