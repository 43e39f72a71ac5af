namespace PiToolkit.Linearize.Snl;

/// <summary>What <see cref="LambdaSchedule.Next"/> did to λ after a mask epoch.</summary>
public enum LambdaStep
{
    /// <summary>λ unchanged: the epoch set a new minimum of alive ReLUs, or came before the growth start epoch.</summary>
    Kept,
    /// <summary>λ × <see cref="SnlOptions.LambdaGrowth"/>: the reference rule (no new minimum).</summary>
    Growth,
    /// <summary>λ × <see cref="SnlOptions.PaceBoost"/>: the pacing variant (alive count above the pace).</summary>
    Pace,
}
