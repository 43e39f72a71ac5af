namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>Predicted, not measured, costs of an <see cref="UnmeasuredConfiguration"/>.</summary>
/// <remarks>A cost is null when its target could not be fitted (no held-out point had a positive value).</remarks>
/// <param name="Name">The configuration.</param>
/// <param name="Features">Its operation counts.</param>
/// <param name="OnlineMs">Predicted online wall-clock milliseconds per inference.</param>
/// <param name="OfflineMs">Predicted offline wall-clock milliseconds per inference.</param>
/// <param name="OnlineBytes">Predicted online bytes per inference.</param>
/// <param name="OfflineBytes">Predicted offline bytes per inference.</param>
/// <param name="Published">Published costs of the same configuration, to compare with, or null.</param>
public sealed record CostPrediction(string Name, CostFeatures Features, double? OnlineMs, double? OfflineMs, double? OnlineBytes, double? OfflineBytes,
    PublishedCosts? Published = null)
{
    /// <summary>Always true: written into every file so a prediction is never read as a measurement.</summary>
    public bool Predicted => true;
}
