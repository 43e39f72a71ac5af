namespace PiToolkit.Linearize.Sweeps;

/// <summary>One run of a linearization sweep.</summary>
/// <param name="Method">snl, random or layerwise.</param>
/// <param name="Budget">ReLUs asked for.</param>
/// <param name="Achieved">ReLUs kept.</param>
/// <param name="ValidationAccuracy">After finetuning (0..1).</param>
/// <param name="TestAccuracy">After finetuning (0..1).</param>
/// <param name="Seconds">Wall time of the run.</param>
/// <param name="Checkpoint">Where the run's checkpoint is.</param>
/// <param name="Failure">Why the run produced no model (e.g. its training diverged), or null.</param>
public sealed record SweepResult(string Method, long Budget, long Achieved, double ValidationAccuracy, double TestAccuracy, double Seconds, string Checkpoint,
    string? Failure = null);
