namespace PiToolkit.Linearize.Pruning;

/// <summary>
/// Channels that must be pruned together: the outputs of one layer, or of several layers joined
/// by residual additions (pruning channel c of one addend but not the other would change the sum).
/// Removing channel c removes it from every producer (weight row, bias, batch norm), every
/// consumer (input column, or H×W columns after a flatten) and every ReLU site reading it.
/// </summary>
/// <param name="Index">Position in <see cref="DependencyGraph.Groups"/>.</param>
/// <param name="Channels">Channels in the group.</param>
/// <param name="Prunable">False for the logits and for channels added to the network input.</param>
/// <param name="Producers">Indices of the layers writing these channels.</param>
/// <param name="Consumers">Indices of the layers reading them.</param>
/// <param name="Sites">Indices of the ReLU sites applied to them.</param>
public sealed record ChannelGroup(int Index, long Channels, bool Prunable, IReadOnlyList<int> Producers, IReadOnlyList<int> Consumers, IReadOnlyList<int> Sites);
