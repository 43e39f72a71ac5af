namespace PiToolkit.Linearize.Snl;

/// <summary>Settings of SNL's mask phase; defaults follow the reference implementation (Cho et al. 2022).</summary>
/// <param name="InitialLambda">Starting coefficient λ of the L1 penalty Σ|m|.</param>
/// <param name="LambdaGrowth">Factor applied to λ after an epoch that set no new minimum of alive ReLUs.</param>
/// <param name="GrowthFromEpoch">λ grows only from this epoch on.</param>
/// <param name="AliveThreshold">A mask above this counts its ReLUs as alive.</param>
/// <param name="MaxEpochs">Upper bound on mask epochs; the budget is enforced by top-B selection either way.</param>
/// <param name="LearningRate">Adam learning rate for weights and masks.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Temperature">Distillation temperature T.</param>
/// <param name="PaceEpochs">Epochs in which the alive count should fall geometrically from all ReLUs to the budget; 0 turns pacing off (the reference's rule alone).</param>
/// <param name="PaceBoost">Factor applied to λ after an epoch that ends above the pace.</param>
public sealed record SnlOptions(
    double InitialLambda = 1e-5,
    double LambdaGrowth = 1.1,
    int GrowthFromEpoch = 5,
    double AliveThreshold = 0.01,
    int MaxEpochs = 30,
    double LearningRate = 1e-3,
    int BatchSize = 128,
    double Temperature = 4,
    int PaceEpochs = 10,
    double PaceBoost = 2);
