namespace PiToolkit.Linearize.Sweeps;

/// <summary>The pruning part of a sweep: which methods run, at which sparsities, and IMP's rounds.</summary>
/// <param name="Methods">Pruning methods; channel methods also run at every positive ReLU budget of the sweep.</param>
/// <param name="Sparsities">Fractions in [0, 1) of weights (unstructured) or channels removed; every pruning method runs at each.</param>
/// <param name="ImpRounds">IMP's rounds R; the sweep's epochs must split into R equal rounds.</param>
public sealed record PruningSweepOptions(IReadOnlyList<PruningSweepMethod> Methods, IReadOnlyList<double> Sparsities, int ImpRounds = 2);
