namespace PiToolkit.Models.Training;

/// <summary>Makes a <see cref="Trainer"/> run resumable: where it keeps the optimiser state, and the epoch to continue from.</summary>
/// <param name="OptimizerStatePath">Loaded at the start if present; rewritten (through a rename) after every epoch.</param>
/// <param name="FirstEpoch">1-based epoch to start at; shuffling depends only on (seed, epoch), so a resumed run sees the same batches.</param>
public sealed record TrainingResume(string OptimizerStatePath, int FirstEpoch = 1);
