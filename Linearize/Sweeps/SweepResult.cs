namespace PiToolkit.Linearize.Sweeps;

/// <summary>One run of a linearization or pruning sweep.</summary>
/// <param name="Method">snl, random, criticality, a pruning method (prune-…); or control (nothing linearized, finetuned alike), dense (nothing pruned, retrained alike) or linear (budget 0).</param>
/// <param name="Budget">ReLUs asked for (0 for a sparsity target).</param>
/// <param name="Achieved">ReLUs kept.</param>
/// <param name="ValidationAccuracy">After finetuning (0..1).</param>
/// <param name="TestAccuracy">After finetuning (0..1).</param>
/// <param name="Seconds">Wall time of the run.</param>
/// <param name="Checkpoint">Where the run's checkpoint is.</param>
/// <param name="Failure">Why the run produced no model (e.g. its training diverged), or null.</param>
/// <param name="Seed">Seed of the run.</param>
/// <param name="NonlinearOperations">ReLUs kept plus max-pool comparisons.</param>
/// <param name="MaskEpochs">SNL mask epochs (0 for the others).</param>
/// <param name="FinetuneEpochs">Finetuning epochs (for pruning: every weight-training epoch after the source's, slimming's and IMP's rounds included).</param>
/// <param name="KeptBelowThreshold">SNL: kept ReLUs whose mask was at or below the alive threshold at the cut.</param>
/// <param name="MaskCapHit">SNL: the mask phase stopped at its cap above the budget.</param>
/// <param name="Sparsity">Pruning: the sparsity asked for, or null for a ReLU budget.</param>
/// <param name="Parameters">Parameters of the result (non-zero ones after unstructured pruning).</param>
/// <param name="Macs">Multiply-accumulates per sample of the result (over non-zero weights after unstructured pruning).</param>
/// <param name="ScratchEpochs">Epochs trained from a fresh initialization in place of the source's training (SNIP, IMP with weight rewinding).</param>
public sealed record SweepResult(string Method, long Budget, long Achieved, double ValidationAccuracy, double TestAccuracy, double Seconds, string Checkpoint,
    string? Failure = null, int Seed = 1, long NonlinearOperations = 0, int MaskEpochs = 0, int FinetuneEpochs = 0, long KeptBelowThreshold = 0,
    bool MaskCapHit = false, double? Sparsity = null, long Parameters = 0, long Macs = 0, int ScratchEpochs = 0);
