namespace PiToolkit.Models.Training;

/// <summary>Makes a <see cref="Trainer"/> run resumable: where it finds and keeps the optimiser state, and the epoch to continue from.</summary>
/// <param name="OptimizerStatePath">Loaded at the start if present. Without <paramref name="SaveOptimizerTo"/> it is also rewritten (through a rename) after every epoch.</param>
/// <param name="FirstEpoch">1-based epoch to start at; shuffling depends only on (seed, epoch), so a resumed run sees the same batches.</param>
/// <param name="SaveOptimizerTo">
/// Where to save the optimiser state after a given epoch, before the epoch callback runs. A file per
/// epoch lets the caller commit weights, optimiser state and its own state as one unit (see
/// <see cref="EpochStateStore{TState}"/>): the state file, written last, names the epoch whose files belong to it.
/// </param>
public sealed record TrainingResume(string? OptimizerStatePath, int FirstEpoch = 1, Func<int, string>? SaveOptimizerTo = null);
