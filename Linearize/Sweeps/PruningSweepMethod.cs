using System.Globalization;
using PiToolkit.Linearize.Pruning;

namespace PiToolkit.Linearize.Sweeps;

/// <summary>
/// A named pruning method a sweep runs next to the linearization methods (<c>prune-channel-taylor</c>,
/// <c>prune-imp-lr-rewind</c>, …), and the rule that gives it the sweep's weight-training epochs.
/// The names follow <c>prune-&lt;structure&gt;-&lt;criterion&gt;</c>, as the benchmark's
/// <c>prune-channel-taylor</c> does.
/// </summary>
/// <param name="Name">Row name in tables, folders and CSV files.</param>
/// <param name="Structure">Weights or whole channels.</param>
/// <param name="Criterion">How units are scored.</param>
/// <param name="Schedule">One-shot or IMP.</param>
/// <param name="Scope">Global or per-layer ranking.</param>
/// <param name="LearningRateRewind">IMP: rewind only the learning rate.</param>
public sealed record PruningSweepMethod(string Name, PruningStructure Structure, PruningCriterion Criterion, PruningSchedule Schedule,
    PruningScope Scope = PruningScope.Global, bool LearningRateRewind = false)
{
    /// <summary>Every method a sweep knows, in table order.</summary>
    public static IReadOnlyList<PruningSweepMethod> All { get; } =
    [
        // Per-layer scope: an unnormalized L1 norm grows with a channel's fan-in, so a global ranking
        // cuts LeNet-5's conv1 and fc2 down to the one unit the guard keeps, and accuracy to ~21 % (docs/pruning.md).
        new("prune-channel-magnitude", PruningStructure.Channel, PruningCriterion.Magnitude, PruningSchedule.OneShot, PruningScope.Layer),
        new("prune-channel-magnitude-global", PruningStructure.Channel, PruningCriterion.Magnitude, PruningSchedule.OneShot),
        new("prune-channel-taylor", PruningStructure.Channel, PruningCriterion.Taylor, PruningSchedule.OneShot),
        new("prune-channel-slimming", PruningStructure.Channel, PruningCriterion.BnScale, PruningSchedule.OneShot),
        new("prune-channel-random", PruningStructure.Channel, PruningCriterion.Random, PruningSchedule.OneShot),
        new("prune-unstructured-magnitude", PruningStructure.Unstructured, PruningCriterion.Magnitude, PruningSchedule.OneShot),
        new("prune-unstructured-snip", PruningStructure.Unstructured, PruningCriterion.Snip, PruningSchedule.OneShot),
        new("prune-imp-weight-rewind", PruningStructure.Unstructured, PruningCriterion.Magnitude, PruningSchedule.Imp),
        new("prune-imp-lr-rewind", PruningStructure.Unstructured, PruningCriterion.Magnitude, PruningSchedule.Imp, LearningRateRewind: true),
    ];

    /// <summary>
    /// The reference row of pruning sweeps: nothing pruned (0 % sparsity), retrained for the sweep's
    /// epochs with the same optimizer settings as the pruning rows.
    /// </summary>
    public static PruningSweepMethod Dense { get; } = new("dense", PruningStructure.Unstructured, PruningCriterion.Magnitude, PruningSchedule.OneShot);

    /// <summary>Whether <paramref name="name"/> names a pruning method (starts with <c>prune-</c>).</summary>
    public static bool IsPruning(string name) => name?.Trim().StartsWith("prune-", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The method called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Not a known name; the message lists them.</exception>
    public static PruningSweepMethod Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"method '{name}' is not one of {string.Join(", ", All.Select(m => m.Name))}", nameof(name));
    }

    /// <summary>
    /// Whether the method retrains from a fresh initialization for the source's <c>E</c> training
    /// epochs (SNIP, IMP with weight rewinding) before spending the sweep's epochs.
    /// </summary>
    public bool FromScratch => Criterion == PruningCriterion.Snip || (Schedule == PruningSchedule.Imp && !LearningRateRewind);

    /// <summary>
    /// The job for this method with <paramref name="epochs"/> weight-training epochs T, the same for
    /// every row of a sweep: one-shot methods retrain T epochs; slimming spends ⌊T/2⌋ of them on its
    /// sparsity training and the rest retraining; SNIP trains its fresh initialization for E + T (the
    /// E epochs every other method inherits from the source); IMP prunes in
    /// <paramref name="impRounds"/> rounds of T/R epochs each, rewinding to epoch E − T/R, so it
    /// spends T epochs (plus the dense E-epoch run that weight rewinding repeats).
    /// </summary>
    /// <param name="checkpoint">Source checkpoint.</param>
    /// <param name="output">Checkpoint folder to write.</param>
    /// <param name="target">Sparsity or ReLU budget.</param>
    /// <param name="epochs">The sweep's weight-training epochs T.</param>
    /// <param name="sourceEpochs">The source's training epochs E.</param>
    /// <param name="impRounds">IMP's rounds R.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="template">Threads, data folder and train limit.</param>
    /// <exception cref="ArgumentException">The epochs cannot be split as the method needs; the message says how.</exception>
    public PruningSpec Spec(string checkpoint, string output, PruningTarget target, int epochs, int sourceEpochs, int impRounds, int seed, LinearizationSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var spec = new PruningSpec(checkpoint, output, target, Structure, Criterion, Norm: 1, Schedule, Scope, FinetuneEpochs: epochs,
            Seed: seed, Threads: template.Threads, DataFolder: template.DataFolder, TrainLimit: template.TrainLimit);
        if (Criterion == PruningCriterion.BnScale)
        {
            if (epochs < 2) throw new ArgumentException($"{Name} splits the weight-training epochs between sparsity training and retraining: it needs at least 2 (got {epochs})", nameof(epochs));
            return spec with { SlimmingEpochs = epochs / 2, FinetuneEpochs = epochs - epochs / 2 };
        }
        if (Schedule != PruningSchedule.Imp) return spec;
        if (impRounds < 1 || epochs % impRounds != 0 || epochs / impRounds > sourceEpochs)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{Name} retrains the last T/R epochs of the source's {sourceEpochs}-epoch schedule in each of R rounds: T = {epochs} epochs must split into R = {impRounds} equal rounds of at most {sourceEpochs} epochs"), nameof(impRounds));
        return spec with { Rounds = impRounds, RewindEpoch = sourceEpochs - epochs / impRounds, LearningRateRewind = LearningRateRewind };
    }
}
