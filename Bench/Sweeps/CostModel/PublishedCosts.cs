namespace PiToolkit.Bench.Sweeps.CostModel;

/// <summary>
/// Costs a paper published for a configuration (e.g. Delphi's ResNet-32 on CIFAR-10), shown next to
/// the cost model's prediction for it so the two can be compared. Any figure the source does not give
/// is null.
/// </summary>
/// <param name="Source">Where the figures come from (paper, table).</param>
/// <param name="OfflineMs">Published offline latency per inference, milliseconds.</param>
/// <param name="OnlineMs">Published online latency per inference, milliseconds.</param>
/// <param name="OfflineBytes">Published offline communication per inference, bytes.</param>
/// <param name="OnlineBytes">Published online communication per inference, bytes.</param>
public sealed record PublishedCosts(string Source, double? OfflineMs, double? OnlineMs, double? OfflineBytes, double? OnlineBytes);
