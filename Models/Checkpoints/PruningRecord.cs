using PiToolkit.Models.Census;
using PiToolkit.Models.Training;

namespace PiToolkit.Models.Checkpoints;

/// <summary>How a checkpoint was pruned: recorded in its manifest and shown by <c>pitk info</c>.</summary>
/// <param name="Criterion">random, magnitude, taylor, snip or bn-scale.</param>
/// <param name="Structure">unstructured or channel.</param>
/// <param name="Schedule">oneshot, iterative, gradual or imp.</param>
/// <param name="Scope">global or layer.</param>
/// <param name="TargetKind">sparsity, parameters, macs or relus.</param>
/// <param name="TargetValue">The sparsity fraction or budget asked for.</param>
/// <param name="AchievedSparsity">Fraction of prunable units removed.</param>
/// <param name="Layers">Units and kept units per layer.</param>
/// <param name="CostBefore">Parameters, MACs and ReLUs of the source.</param>
/// <param name="CostAfter">The same after pruning (non-zero weights for unstructured pruning).</param>
/// <param name="Source">The checkpoint pruned.</param>
/// <param name="Before">Accuracy of the source.</param>
/// <param name="After">Accuracy after pruning and retraining (epoch chosen on validation).</param>
/// <param name="TrainingEpochs">Epochs of training the method spent, for comparing budgets.</param>
/// <param name="Hyperparameters">Every setting: norm, rounds, rewind epoch, finetuning optimiser and rates, seed…</param>
/// <param name="History">Per-epoch history of the method's training, in order over all rounds.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record PruningRecord(
    string Criterion, string Structure, string Schedule, string Scope, string TargetKind, double TargetValue, double AchievedSparsity,
    IReadOnlyList<LayerSparsity> Layers, ModelCost CostBefore, ModelCost CostAfter, string Source, AccuracyRecord Before, AccuracyRecord After,
    int TrainingEpochs, IReadOnlyDictionary<string, double> Hyperparameters, IReadOnlyList<EpochSummary> History, double Seconds);
