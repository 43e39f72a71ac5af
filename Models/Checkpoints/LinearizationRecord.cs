using PiToolkit.Models.Training;

namespace PiToolkit.Models.Checkpoints;

/// <summary>How a checkpoint was linearized to a ReLU budget: recorded in its manifest.</summary>
/// <param name="Method">snl, random or criticality.</param>
/// <param name="Granularity">pixel or channel masks.</param>
/// <param name="Budget">ReLUs asked for.</param>
/// <param name="AchievedRelus">ReLUs that stay nonlinear (the census total).</param>
/// <param name="Source">The checkpoint linearized from.</param>
/// <param name="Before">Accuracy of the source model.</param>
/// <param name="After">Accuracy after linearization and finetuning.</param>
/// <param name="Hyperparameters">Every setting that changes the result (λ₀, λ rule and pacing, threshold, epochs, rates, seed…).</param>
/// <param name="MaskHistory">SNL's λ and alive count per mask epoch (empty for the baselines).</param>
/// <param name="Finetuning">Per-epoch history of the finetuning with frozen masks.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="NonlinearOperations">ReLUs kept plus max-pool comparisons: what a secure evaluation pays for.</param>
/// <param name="MaskEpochs">Weight-training epochs spent in SNL's mask phase (0 for the baselines).</param>
/// <param name="FinetuneEpochs">Finetuning epochs; MaskEpochs + FinetuneEpochs is the same for every method of a comparison.</param>
/// <param name="KeptBelowThreshold">SNL: kept ReLUs whose mask was at or below the alive threshold at the cut (the budget was overshot).</param>
/// <param name="MaskCapHit">SNL: the mask phase stopped at its epoch cap with more ReLUs alive than the budget.</param>
/// <param name="CutValidationAccuracy">Validation accuracy right after the cut, before finetuning.</param>
public sealed record LinearizationRecord(
    string Method, string Granularity, long Budget, long AchievedRelus, string Source,
    AccuracyRecord Before, AccuracyRecord After, IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyList<MaskEpoch> MaskHistory, IReadOnlyList<EpochSummary> Finetuning, double Seconds,
    long NonlinearOperations = 0, int MaskEpochs = 0, int FinetuneEpochs = 0, long KeptBelowThreshold = 0, bool MaskCapHit = false,
    double? CutValidationAccuracy = null);
