using PiToolkit.Models.Zoo;

namespace PiToolkit.Linearize.Pruning;

/// <summary>A ReLU site and the channel group it reads.</summary>
/// <param name="Name">Module path.</param>
/// <param name="Site">The site.</param>
/// <param name="Group">Index of its channel group, or null when it reads the network input.</param>
/// <param name="RelusPerChannel">Nonlinear ReLUs in each channel (H×W without a mask, the mask's non-zero entries with one).</param>
public sealed record PrunableSite(string Name, ReluSite Site, int? Group, IReadOnlyList<long> RelusPerChannel);
