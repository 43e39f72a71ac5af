namespace PiToolkit.Linearize.Pruning;

/// <summary>When pruning happens relative to training.</summary>
public enum PruningSchedule
{
    /// <summary>Prune to the target once, then finetune.</summary>
    OneShot,
    /// <summary>Prune in rounds, finetuning after each; the finetuning epochs are shared among the rounds.</summary>
    Iterative,
    /// <summary>Raise the sparsity every epoch along Zhu and Gupta's (2017) cubic curve while finetuning.</summary>
    Gradual,
    /// <summary>Iterative magnitude pruning with weight rewinding (Frankle et al. 2020) or learning-rate rewinding (Renda et al. 2020).</summary>
    Imp,
}
