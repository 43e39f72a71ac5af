namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>How the cost model splits points into a training and a test set.</summary>
/// <param name="TestFraction">Fraction of configurations held out (at least one).</param>
/// <param name="SplitSeed">Seed of the shuffle that picks them, so a report is reproducible.</param>
public sealed record CostModelOptions(double TestFraction = 0.3, int SplitSeed = 1);
