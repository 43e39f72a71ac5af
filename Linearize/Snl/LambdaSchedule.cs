namespace PiToolkit.Linearize.Snl;

/// <summary>
/// How SNL's L1 coefficient λ changes between mask epochs, as a pure function so both rules can be
/// checked against values worked out by hand.
/// </summary>
/// <remarks>
/// <para><b>Reference rule</b> (Cho et al., ICML 2022, and their code): after epoch e (1-based), if the
/// alive count did not set a new minimum — equal to the fewest so far is not new — and
/// e ≥ <see cref="SnlOptions.GrowthFromEpoch"/>, then λ ← <see cref="SnlOptions.LambdaGrowth"/>·λ;
/// otherwise λ stays. An epoch that sets a new minimum, however small, keeps λ.</para>
/// <para><b>Pacing variant</b> (ours, <see cref="SnlOptions.PaceEpochs"/> &gt; 0): the alive count is
/// expected to fall geometrically from all ReLUs to the budget over PaceEpochs epochs
/// (<see cref="Pace"/>); after an epoch that ends above that pace λ ← <see cref="SnlOptions.PaceBoost"/>·λ
/// instead, and the reference rule applies otherwise. Under the reference rule alone LeNet-5/MNIST
/// needed 30 epochs to get from 4,684 to 1,227 alive ReLUs; pacing trades that time for large λ
/// steps, which can overshoot the budget (kept masks below the alive threshold at the cut).</para>
/// </remarks>
public static class LambdaSchedule
{
    /// <summary>λ for the epoch after <paramref name="epoch"/>, and which rule set it.</summary>
    /// <param name="options">Growth factor, start epoch, pacing.</param>
    /// <param name="lambda">λ used during <paramref name="epoch"/>.</param>
    /// <param name="epoch">The finished epoch, 1-based.</param>
    /// <param name="alive">ReLUs alive after it.</param>
    /// <param name="fewestBefore">Fewest alive ReLUs after any earlier epoch (<see cref="long.MaxValue"/> before the first).</param>
    /// <param name="capacity">All ReLUs of the model (the pace's start).</param>
    /// <param name="budget">The ReLU budget (the pace's end).</param>
    /// <exception cref="ArgumentOutOfRangeException">Epoch below 1, negative counts, or λ not positive.</exception>
    public static (double Lambda, LambdaStep Step) Next(SnlOptions options, double lambda, int epoch, long alive, long fewestBefore, long capacity, long budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(alive);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be positive");
        if (options.PaceEpochs > 0 && alive > Pace(capacity, budget, epoch, options.PaceEpochs))
            return (lambda * options.PaceBoost, LambdaStep.Pace);
        if (alive >= fewestBefore && epoch >= options.GrowthFromEpoch)
            return (lambda * options.LambdaGrowth, LambdaStep.Growth);
        return (lambda, LambdaStep.Kept);
    }

    /// <summary>
    /// Alive ReLUs the pacing variant expects after <paramref name="epoch"/>:
    /// capacity·(max(budget, 1)/capacity)^min(1, epoch/paceEpochs).
    /// </summary>
    public static double Pace(long capacity, long budget, int epoch, int paceEpochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(paceEpochs);
        return capacity * Math.Pow(Math.Max(budget, 1) / (double)capacity, Math.Min(1.0, epoch / (double)paceEpochs));
    }
}
