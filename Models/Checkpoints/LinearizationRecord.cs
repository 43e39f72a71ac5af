using PiToolkit.Models.Training;

namespace PiToolkit.Models.Checkpoints;

/// <summary>How a checkpoint was linearized to a ReLU budget: recorded in its manifest.</summary>
/// <param name="Method">snl, random or layerwise.</param>
/// <param name="Granularity">pixel or channel masks.</param>
/// <param name="Budget">ReLUs asked for.</param>
/// <param name="AchievedRelus">ReLUs that stay nonlinear (the census total).</param>
/// <param name="Source">The checkpoint linearized from.</param>
/// <param name="Before">Accuracy of the source model.</param>
/// <param name="After">Accuracy after linearization and finetuning.</param>
/// <param name="Hyperparameters">Method settings (λ₀, growth, threshold, epochs, rates, seed…).</param>
/// <param name="MaskHistory">SNL's λ and alive count per mask epoch (empty for the baselines).</param>
/// <param name="Finetuning">Per-epoch history of the finetuning with frozen masks.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record LinearizationRecord(
    string Method, string Granularity, long Budget, long AchievedRelus, string Source,
    AccuracyRecord Before, AccuracyRecord After, IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyList<MaskEpoch> MaskHistory, IReadOnlyList<EpochSummary> Finetuning, double Seconds);
