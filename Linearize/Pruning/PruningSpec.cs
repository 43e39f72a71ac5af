namespace PiToolkit.Linearize.Pruning;

/// <summary>What to prune, how, and where to save the result.</summary>
/// <param name="Checkpoint">Trained (or linearized, or pruned) checkpoint to start from.</param>
/// <param name="Output">Checkpoint folder to write.</param>
/// <param name="Target">Sparsity or budget.</param>
/// <param name="Structure">Weights or whole channels.</param>
/// <param name="Criterion">How units are scored.</param>
/// <param name="Norm">1 or 2: the norm of a channel's weights for the magnitude criterion.</param>
/// <param name="Schedule">One-shot, iterative, gradual or IMP.</param>
/// <param name="Scope">Global ranking or the same fraction per layer.</param>
/// <param name="FinetuneEpochs">Epochs of retraining after pruning (shared among rounds for iterative; the pruning span for gradual).</param>
/// <param name="Rounds">Pruning rounds of the iterative and IMP schedules.</param>
/// <param name="RewindEpoch">IMP: the epoch whose weights (weight rewinding) or learning rate (<paramref name="LearningRateRewind"/>) each round restarts from; 0 = initialization.</param>
/// <param name="LearningRateRewind">IMP: keep the trained weights and rewind only the learning-rate schedule (Renda et al. 2020).</param>
/// <param name="ScoreBatches">Training batches Taylor and SNIP scores are summed over.</param>
/// <param name="SlimmingPenalty">Network slimming: λ of the L1 penalty on batch-norm scales.</param>
/// <param name="SlimmingEpochs">Network slimming: epochs of training with the penalty before pruning.</param>
/// <param name="Seed">Seed of shuffling, random scores and SNIP's initialization.</param>
/// <param name="Threads">libtorch threads (0 = default).</param>
/// <param name="DataFolder">Dataset folder, as for training.</param>
/// <param name="TrainLimit">Train on only this many images (quick runs and tests).</param>
public sealed record PruningSpec(
    string Checkpoint, string Output, PruningTarget Target,
    PruningStructure Structure = PruningStructure.Channel, PruningCriterion Criterion = PruningCriterion.Magnitude, int Norm = 1,
    PruningSchedule Schedule = PruningSchedule.OneShot, PruningScope Scope = PruningScope.Global,
    int FinetuneEpochs = 3, int Rounds = 3, int? RewindEpoch = null, bool LearningRateRewind = false,
    int ScoreBatches = 4, double SlimmingPenalty = 1e-4, int SlimmingEpochs = 1,
    int Seed = 1, int Threads = 0, string? DataFolder = null, int? TrainLimit = null)
{
    /// <summary>Checks the settings fit together.</summary>
    /// <exception cref="ArgumentException">A value out of range or a combination that does not exist; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Target);
        Target.Validate();
        if (Norm is not (1 or 2)) throw new ArgumentException($"--norm must be 1 or 2 (got {Norm})", nameof(Norm));
        if (FinetuneEpochs < 0) throw new ArgumentException($"finetune epochs must not be negative (got {FinetuneEpochs})", nameof(FinetuneEpochs));
        if (Rounds < 1) throw new ArgumentException($"rounds must be at least 1 (got {Rounds})", nameof(Rounds));
        if (ScoreBatches < 1) throw new ArgumentException($"score batches must be at least 1 (got {ScoreBatches})", nameof(ScoreBatches));
        if (RewindEpoch < 0) throw new ArgumentException($"the rewind epoch must not be negative (got {RewindEpoch})", nameof(RewindEpoch));
        if (!(SlimmingPenalty >= 0)) throw new ArgumentException($"the slimming penalty must not be negative (got {SlimmingPenalty})", nameof(SlimmingPenalty));
        if (SlimmingEpochs < 0) throw new ArgumentException($"slimming epochs must not be negative (got {SlimmingEpochs})", nameof(SlimmingEpochs));
        if (Schedule != PruningSchedule.Imp && (RewindEpoch is not null || LearningRateRewind))
            throw new ArgumentException("--rewind-epoch and --lr-rewind belong to --schedule imp", nameof(RewindEpoch));
        if (Criterion == PruningCriterion.Snip && Schedule != PruningSchedule.OneShot)
            throw new ArgumentException("SNIP prunes once, at initialization: use --schedule oneshot", nameof(Criterion));
        if (Structure == PruningStructure.Unstructured && Target.Kind == PruningTargetKind.Relus)
            throw new ArgumentException("a ReLU budget needs channel pruning: zeroed weights remove no ReLU", nameof(Target));
        if (Criterion == PruningCriterion.BnScale && Structure != PruningStructure.Channel)
            throw new ArgumentException("the batch-norm scale criterion ranks channels: use --structure channel", nameof(Criterion));
    }
}
