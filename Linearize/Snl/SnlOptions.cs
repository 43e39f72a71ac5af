namespace PiToolkit.Linearize.Snl;

/// <summary>Settings of SNL's mask phase; defaults follow the reference implementation (Cho et al. 2022).</summary>
/// <param name="InitialLambda">Starting coefficient λ of the L1 penalty.</param>
/// <param name="LambdaGrowth">Factor applied to λ after an epoch that set no new minimum of alive ReLUs (reference rule).</param>
/// <param name="GrowthFromEpoch">λ grows only after epochs numbered (1-based) at least this.</param>
/// <param name="AliveThreshold">A mask above this counts its ReLUs as alive.</param>
/// <param name="MaxEpochs">Cap on mask epochs. When it is hit before the alive count reaches the budget the run warns, and the cut keeps the highest masks anyway.</param>
/// <param name="LearningRate">Adam learning rate for weights and masks.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Temperature">Distillation temperature T.</param>
/// <param name="PaceEpochs">0 (default): the reference λ rule alone. Above 0: the pacing variant, see <see cref="LambdaSchedule"/>.</param>
/// <param name="PaceBoost">Pacing variant: factor applied to λ after an epoch that ends above the pace.</param>
/// <param name="CostWeightedPenalty">
/// Weight each mask's L1 term by the ReLUs it controls (H×W for a channel mask, 1 for a pixel mask),
/// so λ prices every ReLU alike whatever the granularity. Without it one channel mask of a 24×24 map
/// would cost the penalty as much as one pixel, and channel SNL would drop the cheap FC units first.
/// </param>
public sealed record SnlOptions(
    double InitialLambda = 1e-5,
    double LambdaGrowth = 1.1,
    int GrowthFromEpoch = 5,
    double AliveThreshold = 0.01,
    int MaxEpochs = 15,
    double LearningRate = 1e-3,
    int BatchSize = 128,
    double Temperature = 4,
    int PaceEpochs = 0,
    double PaceBoost = 2,
    bool CostWeightedPenalty = true)
{
    /// <summary>Checks every value is usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(InitialLambda > 0)) throw new ArgumentException($"initial λ must be positive (got {InitialLambda})", nameof(InitialLambda));
        if (!(LambdaGrowth >= 1)) throw new ArgumentException($"λ growth must be at least 1 (got {LambdaGrowth})", nameof(LambdaGrowth));
        if (GrowthFromEpoch < 1) throw new ArgumentException($"λ growth start epoch must be at least 1 (got {GrowthFromEpoch})", nameof(GrowthFromEpoch));
        if (!(AliveThreshold >= 0)) throw new ArgumentException($"alive threshold must not be negative (got {AliveThreshold})", nameof(AliveThreshold));
        if (MaxEpochs < 1) throw new ArgumentException($"mask-epoch cap must be at least 1 (got {MaxEpochs})", nameof(MaxEpochs));
        if (!(LearningRate > 0)) throw new ArgumentException($"mask learning rate must be positive (got {LearningRate})", nameof(LearningRate));
        if (BatchSize < 1) throw new ArgumentException($"batch size must be at least 1 (got {BatchSize})", nameof(BatchSize));
        if (!(Temperature > 0)) throw new ArgumentException($"temperature must be positive (got {Temperature})", nameof(Temperature));
        if (PaceEpochs < 0) throw new ArgumentException($"pace epochs must not be negative (got {PaceEpochs})", nameof(PaceEpochs));
        if (!(PaceBoost >= 1)) throw new ArgumentException($"pace boost must be at least 1 (got {PaceBoost})", nameof(PaceBoost));
    }
}
