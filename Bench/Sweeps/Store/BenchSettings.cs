using PiToolkit.Bench.Sweeps.Points;

namespace PiToolkit.Bench.Sweeps.Store;

/// <summary>What a benchmark run was asked to do; recorded in the run folder and in <c>results.json</c>.</summary>
/// <param name="Model">The model's name (the checkpoint's architecture).</param>
/// <param name="Checkpoint">The trained checkpoint every point starts from.</param>
/// <param name="Methods">Methods, in the order given.</param>
/// <param name="Budgets">ReLU budgets, in the order given.</param>
/// <param name="Seeds">Seeds, in the order given.</param>
/// <param name="Images">Test images each point's protocol run uses.</param>
/// <param name="Workers">Points run at once.</param>
/// <param name="Epochs">Weight-training epochs every method gets in total (0 where the run records none).</param>
/// <param name="TrainLimit">Training images used, when limited for a quick run; null for the whole training split.</param>
public sealed record BenchSettings(string Model, string Checkpoint, IReadOnlyList<string> Methods, IReadOnlyList<BenchBudget> Budgets,
    IReadOnlyList<int> Seeds, int Images, int Workers, int Epochs = 0, int? TrainLimit = null)
{
    /// <summary>
    /// Every point, budget-major then method then seed, so that a run interrupted early has seen every
    /// method at the first budgets rather than one method at all of them.
    /// </summary>
    public IReadOnlyList<BenchPointKey> Points() =>
        [.. from budget in Budgets from method in Methods from seed in Seeds select new BenchPointKey(Model, method, budget, seed)];
}
